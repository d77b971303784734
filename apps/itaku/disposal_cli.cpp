// itaku device …: the register of devices and media (木更津市 第12条, 第14条); itaku disposal …:
// return, disposal and erasure of information assets (長野市 第9, 木更津市 第5条); itaku contract
// outstanding: what keeps a contract from closing.

#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/service/disposal_documents.hpp"

namespace itaku::cli {

namespace {

// The options of a command that writes a document of an entry as a PDF.
struct DocumentArgs {
  std::string contract, id, out, base_url;
  std::size_t n = 1;
};

CLI::App* add_document_command(CLI::App* parent, const char* name, const char* help, const char* id_help,
                               const std::shared_ptr<DocumentArgs>& args) {
  auto* command = parent->add_subcommand(name, help);
  command->add_option("CONTRACT", args->contract, "契約 / Contract")->required();
  command->add_option("ID", args->id, id_help)->required();
  command->add_option("--out", args->out, "PDF file to write")->required();
  command->add_option("--base-url", args->base_url,
                      "where the QR code leads (default: server.public_url, else http://<server.listen>)");
  return command;
}

Result<void> write_document(const std::string& out, const service::ReportFile& file, std::string_view what) {
  TRY(write_file(out, file.bytes));
  std::cout << fmt::format("{}を書き出しました / wrote {} (SHA-256 {})\n", what, out, service::file_sha256(file.bytes));
  return ok();
}

std::string device_status_ja(const domain::Device& d) {
  if (!d.in_use()) return "使用終了（" + domain::term_name(domain::device_retirements(), d.retired) + "）";
  return d.managed() ? "管理中（対策確認済）" : "未確認";
}

}  // namespace

void add_device_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto* device = app.add_subcommand(
      "device", "computers, servers and storage media used for a contract (木更津市 第12条, 第14条)");
  device->require_subcommand(1);
  add_recorded_command<domain::RegisterDevice>(device, "register", "register a device or storage medium",
                                               {.positional = {"contract", "id"}}, options, action);
  add_recorded_command<domain::ConfirmDeviceMeasures>(device, "confirm", "confirm a device's security measures",
                                                      {.positional = {"contract", "id"}}, options, action);
  add_recorded_command<domain::DestroyMedia>(device, "destroy-media",
                                             "record the storage media of a device physically destroyed",
                                             {.positional = {"contract", "id"}}, options, action);
  add_recorded_command<domain::RetireDevice>(device, "retire", "a device is replaced, disposed of or released",
                                             {.positional = {"contract", "id"}}, options, action);

  auto report = std::make_shared<DocumentArgs>();
  auto* report_command = add_document_command(
      device, "report", "write the report of a destruction of a device's storage media (破壊報告書) as a PDF",
      "管理番号 / Device id", report);
  report_command->add_option("--n", report->n, "which destruction of the device, from 1 (default 1)");
  on_instance(report_command, options, action, [report, &options](Instance& i) -> Result<void> {
    const auto base = report->base_url.empty() ? receipt_base_url(i.config) : report->base_url;
    const auto file = TRY(
        service::destruction_report(*i.service, report->contract, report->id, report->n, principal_of(options), base));
    return write_document(report->out, file, "破壊報告書");
  });

  auto contract = std::make_shared<std::string>();
  auto* list = device->add_subcommand("list", "the devices of a contract, with their measures and media");
  list->add_option("CONTRACT", *contract, "契約 / Contract")->required();
  on_instance(list, options, action, [=](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, *contract));
      for (const auto& [id, d] : c->devices) {
        std::vector<std::string> measures;
        for (const auto& m : d.measures) measures.push_back(domain::term_name(domain::device_measures(), m));
        std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", id, domain::term_name(domain::device_kinds(), d.kind),
                                 d.description, d.identifier, d.organisation, device_status_ja(d),
                                 fmt::join(measures, "、"));
        for (const auto& medium : d.storage) {
          const auto left = d.media_left();
          const bool destroyed = std::find(left.begin(), left.end(), medium) == left.end();
          std::cout << fmt::format("  記録媒体\t{}\t{}\n", medium, destroyed ? "破壊済" : "未破壊");
        }
      }
      return ok();
    });
  });
}

void add_disposal_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto* disposal =
      app.add_subcommand("disposal", "return, disposal and erasure of information assets (長野市 第9, 木更津市 第5条)");
  disposal->require_subcommand(1);
  add_recorded_command<domain::InstructDisposal>(disposal, "instruct",
                                                 "the city instructs assets returned, disposed of or erased",
                                                 {.positional = {"contract"}}, options, action);
  add_recorded_command<domain::DisposeAssets>(disposal, "record", "record assets disposed of or erased",
                                              {.positional = {"contract"}}, options, action);
  add_recorded_command<domain::ReportCreatedAssets>(disposal, "report-created",
                                                    "report the assets created or acquired and their keeper",
                                                    {.positional = {"contract"}}, options, action);
  add_recorded_command<domain::AcknowledgeCreatedAssets>(disposal, "acknowledge-created",
                                                         "the city acknowledges a created-assets report",
                                                         {.positional = {"contract", "organisation"}}, options, action);

  auto contract = std::make_shared<std::string>();
  auto* list = disposal->add_subcommand("list", "the city's instructions and the acts of disposal or erasure");
  list->add_option("CONTRACT", *contract, "契約 / Contract")->required();
  on_instance(list, options, action, [=](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, *contract));
      for (const auto& [id, in] : c->disposal_instructions)
        std::cout << fmt::format(
            "指示\t{}\t{}\t期限 {}\t{}\n", id,
            in.disposition.empty() ? "返還・廃棄・消去" : domain::term_name(domain::dispositions(), in.disposition),
            in.due, fmt::join(in.assets, ","));
      for (const auto& [id, d] : c->disposals)
        std::cout << fmt::format(
            "{}\t{}\t{}\t{}\t{}\t台帳 #{}\t{}\n", domain::term_name(domain::dispositions(), d.disposition), id,
            d.performed_on, d.method, fmt::join(d.assets, ","), d.ledger_index,
            s.document_of("disposal_certificate", d.ledger_index) ? "証明書発行済" : "証明書未発行");
      return ok();
    });
  });

  auto certificate = std::make_shared<DocumentArgs>();
  auto* certificate_command = add_document_command(
      disposal, "certificate", "write the certificate of an act of disposal or erasure (廃棄・消去証明書) as a PDF",
      "記録番号 / Record id", certificate);
  on_instance(certificate_command, options, action, [certificate, &options](Instance& i) -> Result<void> {
    const auto base = certificate->base_url.empty() ? receipt_base_url(i.config) : certificate->base_url;
    const auto file = TRY(
        service::disposal_certificate(*i.service, certificate->contract, certificate->id, principal_of(options), base));
    return write_document(certificate->out, file, "廃棄・消去証明書");
  });

  auto outstanding_contract = std::make_shared<std::string>();
  auto* outstanding = disposal->add_subcommand(
      "outstanding", "what keeps the contract from closing, with the clause each rests on (exit code 0 when nothing)");
  outstanding->add_option("CONTRACT", *outstanding_contract, "契約 / Contract")->required();
  on_instance(outstanding, options, action, [=](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, *outstanding_contract));
      const auto items = domain::closing_outstanding(s, *c);
      if (items.empty()) std::cout << "未了の事項はありません（契約を終了できます）\n";
      for (const auto& item : items)
        std::cout << fmt::format("{}\t{}\t{}\t{}\n", item.kind, item.id, item.clause, item.ja);
      return ok();
    });
  });
}

}  // namespace itaku::cli
