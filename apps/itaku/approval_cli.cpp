// itaku approval request|decide|withdraw|revoke|list|show|document: the city's prior written approval of
// copying, taking out, bringing in, unmanaged computers, third parties, devices and networks
// (長野市 第5, 第6, 第7; 木更津市 第3条, 第12条).

#include <iostream>

#include <fmt/format.h>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/domain/approvals.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/service/approval_documents.hpp"

namespace itaku::cli {

namespace {

std::string_view status_ja(domain::ApprovalStatus status) {
  switch (status) {
    case domain::ApprovalStatus::Requested: return "申請中";
    case domain::ApprovalStatus::Approved: return "承認";
    case domain::ApprovalStatus::Refused: return "不承認";
    case domain::ApprovalStatus::Withdrawn: return "取下げ";
    case domain::ApprovalStatus::Revoked: return "取消し";
  }
  return "";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "、") + item;
  return out.empty() ? "—" : out;
}

}  // namespace

void add_approval_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto* approval = app.add_subcommand(
      "approval", "the city's written approvals (承認): copy, take out, bring in, third parties, devices, networks");
  approval->require_subcommand(1);
  add_recorded_command<domain::RequestApproval>(approval, "request", "ask the city for an approval",
                                                {.positional = {"contract"}}, options, action);
  // The decision is a word of two (approved, refused): CLI11 checks it, and it is set before the
  // command runs.
  auto outcome = std::make_shared<std::string>();
  auto* decide = add_recorded_command<domain::DecideApproval>(
      approval, "decide", "approve (with conditions) or refuse a request (the city's approver)",
      {.positional = {"contract", "id"}, .set_by_caller = {"outcome"}}, options, action,
      [outcome](Instance&, domain::DecideApproval& command) -> Result<void> {
        command.outcome = domain::approval_outcome(*outcome).value_or(domain::ApprovalOutcome::Refused);
        return ok();
      });
  decide->add_option("--outcome", *outcome, "判断 / Decision — approved（承認）又は refused（不承認）")
      ->required()
      ->check(CLI::IsMember({"approved", "refused"}));
  add_recorded_command<domain::WithdrawApproval>(approval, "withdraw", "withdraw a request not yet decided",
                                                 {.positional = {"contract", "id"}}, options, action);
  add_recorded_command<domain::RevokeApproval>(approval, "revoke", "revoke an approval in force (the city)",
                                               {.positional = {"contract", "id"}}, options, action);

  struct Args {
    std::string contract, id, out, base_url;
  };
  auto args = std::make_shared<Args>();
  auto* list = approval->add_subcommand("list", "the approval requests of a contract, the oldest first");
  list->add_option("CONTRACT", args->contract, "契約 / Contract")->required();
  on_instance(list, options, action, [args](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, args->contract));
      for (const auto& [id, a] : c->approvals)
        std::cout << fmt::format("{}\t{}\t{}\t{}\t{}〜{}\t{}\n", id, domain::approval_type_label_ja(a.type),
                                 a.organisation, status_ja(a.status), a.from, a.until,
                                 a.number.empty() ? "—" : a.number);
      return ok();
    });
  });
  auto* show = approval->add_subcommand("show", "one request: what was asked, the city's decision and its use");
  show->add_option("CONTRACT", args->contract, "契約 / Contract")->required();
  show->add_option("ID", args->id, "申請番号 / Request id")->required();
  on_instance(show, options, action, [args](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, args->contract));
      const auto it = c->approvals.find(args->id);
      if (it == c->approvals.end())
        return make_error(ErrorKind::NotFound, "approval.unknown", "承認申請が見つかりません",
                          "no such approval request")
            .with("id", args->id);
      const auto& a = it->second;
      std::string text = fmt::format(
          "申請 {}  {}（{}）  {}\n当事者: {}\n目的: {}\n対象: {}\n行為をする人: {}\n機器・媒体: {}\n"
          "持出先・提供先: {}\n期間: {} 〜 {}\n",
          a.id, domain::approval_type_label_ja(a.type), a.type, status_ja(a.status), a.organisation, a.purpose,
          joined(a.assets.empty() ? a.classes : a.assets), joined(a.people), joined(a.devices),
          a.destination.empty() ? "—" : a.destination, a.from, a.until);
      if (a.copies > 0) text += fmt::format("部数: {}（使用 {}）\n", a.copies, a.used());
      text += fmt::format("情報セキュリティ対策: {}\n", joined(a.measures));
      if (!a.number.empty()) text += fmt::format("承認番号: {}\n", a.number);
      if (!a.conditions.empty()) text += fmt::format("条件: {}\n", a.conditions);
      if (!a.reasons.empty()) text += fmt::format("不承認の理由: {}\n", a.reasons);
      if (!a.closed_reason.empty()) text += fmt::format("取下げ・取消しの理由: {}\n", a.closed_reason);
      std::string uses;
      for (const auto index : a.uses) uses += (uses.empty() ? "" : ", ") + std::to_string(index);
      text += fmt::format("この承認による判定（台帳の番号）: {}\n", uses.empty() ? "—" : uses);
      if (a.type == "copy") text += fmt::format("この承認による複製（情報資産）: {}\n", joined(a.copies_registered));
      std::cout << text;
      return ok();
    });
  });
  auto* document = approval->add_subcommand("document", "write the city's approval (承認書) as a PDF");
  document->add_option("CONTRACT", args->contract, "契約 / Contract")->required();
  document->add_option("ID", args->id, "申請番号 / Request id")->required();
  document->add_option("--out", args->out, "PDF file to write")->required();
  document->add_option("--base-url", args->base_url,
                       "where the QR code leads (default: server.public_url, else http://<server.listen>)");
  on_instance(document, options, action, [args, &options](Instance& i) -> Result<void> {
    const auto base = args->base_url.empty() ? receipt_base_url(i.config) : args->base_url;
    const auto file =
        TRY(service::approval_document(*i.service, args->contract, args->id, principal_of(options), base));
    TRY(write_file(args->out, file.bytes));
    std::cout << fmt::format("承認書を書き出しました / wrote the approval: {} (SHA-256 {})\n", args->out,
                             service::file_sha256(file.bytes));
    return ok();
  });
}

}  // namespace itaku::cli
