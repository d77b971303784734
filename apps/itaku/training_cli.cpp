// itaku training course|session|import|remind|acknowledge|pledge|standing|report: people's obligations (長野市 第4
// 教育, 第10 秘密保持; 木更津市 第7条 周知, 第2条-2 秘密保持契約).

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/core/bytes.hpp"
#include "itaku/crypto/sha256.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/service/training_documents.hpp"

namespace itaku::cli {

namespace {

std::string today() { return format_date(jst_date(system_clock().now())); }

}  // namespace

void add_training_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto* training = app.add_subcommand("training", "information-security training of workers (長野市 第4)");
  training->require_subcommand(1);
  add_recorded_command<domain::DefineCourse>(training, "course", "define a course a party gives its workers",
                                             {.positional = {"contract"}}, options, action);
  add_recorded_command<domain::RecordTrainingSession>(
      training, "session", "record a session: who attended and passed (--attendees a,b), who did not",
      {.positional = {"contract"}}, options, action);

  // An e-learning system's export (CSV): every line is checked, and one bad line records nothing.
  auto import = std::make_shared<domain::ImportTrainingAttendance>();
  auto file = std::make_shared<std::string>();
  auto* import_command = training->add_subcommand(
      "import", "record attendance from an e-learning system's CSV export (person or email, completed, passed)");
  import_command->add_option("CONTRACT", import->contract, "契約 / Contract")->required();
  import_command->add_option("FILE", *file, "CSV file")->required();
  import_command->add_option("--course", import->course, "講座 / Course")->required();
  import_command->add_option("--source", import->source, "取込元 / Source");
  import_command->add_option("--id", import->id, "実施回のID / Session id");
  on_instance(import_command, options, action, [=, global = &options](Instance& i) -> Result<void> {
    const auto text = TRY(read_file(*file, 4 * 1024 * 1024));
    if (import->source.empty()) import->source = std::filesystem::path(*file).filename().string();
    auto lines = TRY(i.service->read([&](const domain::State& s) -> Result<std::vector<domain::AttendanceLine>> {
      const auto* c = TRY(find_contract(s, import->contract));
      return domain::read_attendance_csv(s, *c, text, today());
    }));
    std::size_t bad = 0;
    for (const auto& line : lines)
      if (line.error) {
        ++bad;
        std::cerr << fmt::format("{}行目 / line {}: {} — {} / {}\n", line.line, line.line, line.who,
                                 line.error->message_ja, line.error->message);
      }
    if (bad > 0)
      return make_error(ErrorKind::Invalid, "training.file_invalid",
                        fmt::format("{}行に誤りがあります。何も記録していません", bad),
                        fmt::format("{} lines are wrong; nothing was recorded", bad));
    for (auto& line : lines) import->rows.push_back(std::move(line.row));
    return record(i, *global, *import);
  });

  add_recorded_command<domain::SendTrainingReminders>(
      training, "remind", "notify each party of its workers' training about to expire (itaku serve does it hourly)", {},
      options, action);

  add_recorded_command<domain::AcknowledgeProvisions>(
      training, "acknowledge",
      "record that a worker acknowledged the contract's provisions (the current version unless --hash)",
      {.positional = {"contract"}, .defaulted = {"hash"}}, options, action,
      [](Instance& i, domain::AcknowledgeProvisions& c) -> Result<void> {
        if (!c.hash.empty()) return ok();
        c.hash = TRY(i.service->read([&](const domain::State& s) -> Result<std::string> {
          return TRY(find_contract(s, c.contract))->provisions.hash;
        }));
        return ok();
      });

  // The signed document itself is given; its SHA-256 is what is recorded.
  auto document = std::make_shared<std::string>();
  auto* pledge = add_recorded_command<domain::RecordPledge>(
      training, "pledge", "record a pledge (誓約書) or NDA (秘密保持契約) a worker signed (--document FILE)",
      {.positional = {"contract"}, .defaulted = {"document_sha256"}}, options, action,
      [document](Instance&, domain::RecordPledge& c) -> Result<void> {
        if (document->empty()) return ok();
        const auto bytes = TRY(read_file(*document, 64 * 1024 * 1024));
        c.document_sha256 = to_hex(crypto::sha256(as_bytes(bytes)));
        return ok();
      });
  pledge->add_option("--document", *document, "署名された文書 / the signed document");

  auto contract = std::make_shared<std::string>();
  auto* workers =
      training->add_subcommand("standing", "each person of the rosters: training, acknowledgement, pledges");
  workers->add_option("CONTRACT", *contract, "契約 / Contract")->required();
  on_instance(workers, options, action, [=](Instance& i) -> Result<void> {
    return i.service->read([&](const domain::State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, *contract));
      for (const auto& w : domain::worker_standings(s, *c, today()))
        std::cout << fmt::format("{}\t{}\t{}\t教育 {} {}\t特記事項 {}\t誓約書 {}\t秘密保持契約 {}\n", w.person->id,
                                 w.person->name, w.on_roster ? "従事中" : "—", domain::to_string(w.training_status),
                                 w.training ? w.training->valid_until : "", domain::to_string(w.acknowledgement_status),
                                 w.pledge ? w.pledge->signed_on : "—", w.nda ? w.nda->signed_on : "—");
      return ok();
    });
  });

  // The training report for the city (長野市 第4), issued and recorded as the web page issues it.
  struct ReportArgs {
    std::string contract, organisation, out, base_url;
  };
  auto report_args = std::make_shared<ReportArgs>();
  auto* report = training->add_subcommand(
      "report", "issue a party's training report (長野市 第4): the A4 PDF and the table as CSV and XLSX, recorded");
  report->add_option("CONTRACT", report_args->contract, "契約 / Contract")->required();
  report->add_option("--org", report_args->organisation, "対象の当事者 / the party (乙 or 丙)")->required();
  report->add_option("--out", report_args->out, "the folder to write report.pdf, report.csv and report.xlsx in")
      ->required();
  report->add_option("--base-url", report_args->base_url,
                     "where the QR code leads (default: server.public_url, else http://<server.listen>)");
  on_instance(report, options, action, [report_args, global = &options](Instance& i) -> Result<void> {
    const auto& a = *report_args;
    const auto base = a.base_url.empty() ? receipt_base_url(i.config) : a.base_url;
    const auto issued =
        TRY(service::issue_training_report(*i.service, a.contract, a.organisation, principal_of(*global), base));
    const std::filesystem::path folder(a.out);
    for (const auto& [name, bytes] : {std::pair{"report.pdf", &issued.pdf}, std::pair{"report.csv", &issued.csv},
                                      std::pair{"report.xlsx", &issued.xlsx}})
      TRY(write_file((folder / name).string(), *bytes));
    std::cout << fmt::format(
        "教育の実施状況報告書を発行しました / issued the training report: {}/report.pdf, report.csv, report.xlsx\n"
        "台帳 / ledger #{}\n",
        a.out, issued.index);
    return ok();
  });
}

}  // namespace itaku::cli
