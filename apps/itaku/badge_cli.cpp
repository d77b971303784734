// itaku badge issue|return|lost|list: ID badges (身分証明書等) that workers on the city's
// premises carry and show (木更津市 第11条(1)).

#include <iostream>

#include <fmt/format.h>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/domain/commands.hpp"

namespace itaku::cli {

namespace {

std::string status_ja(const domain::Badge& b) {
  if (b.status == domain::BadgeStatus::Returned) return "返却済";
  if (b.status == domain::BadgeStatus::Lost) return "紛失";
  return b.return_outstanding() ? "返却待ち（退任済）" : "貸与中";
}

}  // namespace

void add_badge_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  const GlobalOptions* global = &options;
  auto run = [&action, global](CLI::App* command, std::function<Result<void>(Instance&)> body) {
    command->callback([&action, global, body = std::move(body)] {
      action = [global, body]() -> Result<void> {
        auto instance = TRY(open_instance(*global));
        return body(instance);
      };
    });
  };
  auto record = [global](Instance& i, const domain::Command& command) -> Result<void> {
    recorded(TRY(i.service->execute(command, principal_of(*global))));
    return ok();
  };

  auto* badge =
      app.add_subcommand("badge", "ID badges (身分証明書等) of workers on the city's premises (木更津市 第11条(1))");
  badge->require_subcommand(1);

  auto issue = std::make_shared<domain::IssueBadge>();
  auto* issue_command = badge->add_subcommand("issue", "issue a badge to a worker on the roster");
  add_command_options(issue_command, *issue, {.positional = {"contract"}});
  run(issue_command, [=](Instance& i) { return record(i, *issue); });

  auto returned = std::make_shared<domain::ReturnBadge>();
  auto* return_command = badge->add_subcommand("return", "a badge comes back");
  add_command_options(return_command, *returned, {.positional = {"contract", "number"}});
  run(return_command, [=](Instance& i) { return record(i, *returned); });

  auto lost = std::make_shared<domain::ReportBadgeLost>();
  auto* lost_command = badge->add_subcommand("lost", "report a badge lost");
  add_command_options(lost_command, *lost, {.positional = {"contract", "number"}});
  run(lost_command, [=](Instance& i) { return record(i, *lost); });

  auto contract = std::make_shared<std::string>();
  auto* list = badge->add_subcommand("list", "the badges of a contract; leavers' badges not yet back first");
  list->add_option("CONTRACT", *contract, "契約 / Contract")->required();
  run(list, [=](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = s.contract(*contract);
      if (!c)
        return make_error(ErrorKind::NotFound, "contract.unknown", "契約が見つかりません", "no such contract")
            .with("id", *contract);
      for (const bool outstanding : {true, false})
        for (const auto& [number, b] : c->badges) {
          if (b.return_outstanding() != outstanding) continue;
          const auto* person = s.person(b.person);
          std::cout << fmt::format("{}\t{}\t{}\t{}〜{}\t{}\n", number, person ? person->name : b.person, b.organisation,
                                   b.issued, b.expires, status_ja(b));
        }
      return ok();
    });
  });
}

}  // namespace itaku::cli
