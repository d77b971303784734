// itaku org|person|contract|roster|provisions|notification|demo|replay: the parties, people,
// contracts and rosters of the domain, recorded as ledger events. Output is for a city
// officer: Japanese first, dates also in 和暦.

#include <stdlib.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "command_options.hpp"
#include "itaku/auth/demo_accounts.hpp"
#include "itaku/core/json_input.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/domain/roster_diff.hpp"
#include "itaku/provisions/provision_set.hpp"
#include "itaku/provisions/vocabulary.hpp"
#include "itaku/service/demo.hpp"

namespace itaku::cli {

namespace {

using namespace domain;

std::string wareki(const std::string& date) {
  auto parsed = parse_date(date);
  return parsed ? format_wareki(*parsed) : date;
}

std::string jst(Timestamp t) {
  const auto local = t + std::chrono::hours(9);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(local);
  const auto day = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::hh_mm_ss hms(seconds - day);
  return fmt::format("{} {:02d}:{:02d} JST", format_date(std::chrono::year_month_day(day)), hms.hours().count(),
                     hms.minutes().count());
}

std::string org_label(const State& state, const std::string& id) {
  const auto* org = state.organisation(id);
  return org ? fmt::format("{} ({})", org->name, id) : id;
}

std::string contract_state_ja(ContractState s) {
  switch (s) {
    case ContractState::Draft: return "締結前";
    case ContractState::Active: return "履行中";
    case ContractState::Closing: return "終了手続中";
    case ContractState::Closed: return "終了";
  }
  return "";
}

Result<Roster> roster_from_file_text(const std::string& text) {
  auto in = parse_json_input(text);
  if (!in)
    return make_error(ErrorKind::Invalid, "roster.file_malformed", "体制表ファイルがJSONとして読めません",
                      "the roster file is not valid JSON")
        .with("detail", in.error().describe());
  auto roster = roster_from_input(*in);
  if (!roster)
    return make_error(ErrorKind::Invalid, "roster.file_malformed",
                      "体制表ファイルの項目が欠けているか、型が正しくありません",
                      "a field of the roster file is missing or has the wrong type")
        .with("field", roster.error().context.count("field") ? roster.error().context.at("field") : "/");
  return roster;
}

void print_roster(const State& state, const RosterVersion& v, std::ostream& out) {
  const auto& r = v.roster;
  out << fmt::format("  体制表 第{}版  提出 {}（{}）\n", v.version, jst(v.submitted_at), v.submitted_by);
  if (!v.note.empty()) out << "    理由: " << v.note << "\n";
  if (v.acknowledged_by)
    out << fmt::format("    市の受領: {} {}\n", person_label(state, *v.acknowledged_by), jst(*v.acknowledged_at));
  else if (v.settled_by)
    out << fmt::format("    市の受領: 第{}版とあわせて受領 / acknowledged with version {}\n", v.settled_by,
                       v.settled_by);
  else
    out << "    市の受領: 未受領（確認待ち） / not yet acknowledged\n";
  out << "    責任者: " << person_label(state, r.responsible) << "\n";
  out << "    情報管理責任者: " << person_label(state, r.information_manager)
      << (r.manager_is_personal_information_officer ? "（個人情報取扱責任者）" : "") << "\n";
  out << "    作業者:\n";
  for (const auto& w : r.workers)
    out << fmt::format("      - {}  作業: {}  期間: {}〜{}\n", person_label(state, w.person), w.work, w.from, w.until);
  out << "    作業場所:\n";
  for (const auto& l : r.locations)
    out << fmt::format("      - {}  {}{}\n", l.name, l.address, l.city_premises ? "（市の施設内）" : "");
  out << "    情報資産を閲覧・利用できる者:\n";
  for (const auto& a : r.access)
    out << fmt::format("      - {}: {}（{}）\n", a.asset_class, person_label(state, a.person),
                       a.permission == "view" ? "閲覧" : "利用");
}

void print_contract(const State& state, const Contract& c, std::ostream& out) {
  out << fmt::format("契約 {}  [{} / {}]\n", c.id, contract_state_ja(c.state), to_string(c.state));
  out << "  契約番号: " << c.number << "\n";
  out << "  件名: " << c.title << "\n";
  out << "  所管課: " << c.department << "\n";
  out << fmt::format("  契約期間: {} 〜 {}（{}〜{}）\n", c.period_from, c.period_until, wareki(c.period_from),
                     wareki(c.period_until));
  out << "  作業内容: " << c.work_description << "\n";
  const auto* set = state.provision_set(c.provisions.name, c.provisions.version);
  out << fmt::format("  特記事項: {}「{}」（{} 版 {}、SHA-256 {}…）\n", set ? set->municipality : "",
                     set ? set->title : c.provisions.name, c.provisions.name, c.provisions.version,
                     c.provisions.hash.substr(0, 12));
  out << "  当事者:\n";
  std::function<void(const std::string&, int)> children = [&](const std::string& parent, int depth) {
    for (const auto& p : c.parties)
      if (p.role == PartyRole::Subcontractor && p.parent == parent) {
        out << std::string(4 + 2 * depth, ' ') << "丙 " << org_label(state, p.organisation) << "（"
            << org_label(state, parent) << " からの再委託）\n";
        children(p.organisation, depth + 1);
      }
  };
  for (const auto& p : c.parties)
    if (p.role != PartyRole::Subcontractor) {
      out << "    " << party_symbol(p.role) << " " << org_label(state, p.organisation) << "\n";
      if (p.role == PartyRole::Contractor) children(p.organisation, 1);
    }
  for (const auto& p : c.parties) {
    if (p.role == PartyRole::City) continue;
    out << "\n" << party_symbol(p.role) << " " << org_label(state, p.organisation) << "\n";
    auto it = c.rosters.find(p.organisation);
    if (it == c.rosters.end() || it->second.empty()) {
      out << "  体制表: 未提出 / no roster yet\n";
      continue;
    }
    print_roster(state, it->second.back(), out);
    if (it->second.size() > 1) {
      out << "    版の履歴:";
      for (const auto& v : it->second)
        out << fmt::format(" 第{}版{}", v.version, v.settled() ? "(受領済)" : "(未受領)");
      out << "\n";
    }
  }
}

Result<std::string> party_of(const State& state, const std::string& contract_id, const std::string& org_option) {
  const auto* c = TRY(find_contract(state, contract_id));
  if (!org_option.empty()) return org_option;
  return c->contractor() ? c->contractor()->organisation : std::string();
}

struct Args {
  std::string id, name, organisation, contract, file, note, by;
  int version = 0, version_from = 0, version_to = 0;
  bool final_close = false, check = false, json = false;
};

nlohmann::json bilingual(std::string_view ja, std::string_view en) { return {{"ja", ja}, {"en", en}}; }

// `itaku provisions vocabulary --json`: what docs/PROVISIONS.md's vocabulary tables say, from
// the vocabulary itself.
nlohmann::json vocabulary_json() {
  nlohmann::json controls = nlohmann::json::array();
  for (const auto& control : provisions::vocabulary()) {
    nlohmann::json parameters = nlohmann::json::array();
    for (const auto& p : control.parameters)
      parameters.push_back(
          {{"name", p.name},
           {"type", provisions::to_string(p.type)},
           {"allowed", std::vector<std::string_view>(p.allowed.begin(), p.allowed.end())},
           {"required", p.required},
           {"default", p.default_value.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.default_value)},
           {"summary", bilingual(p.summary_ja, p.summary_en)}});
    controls.push_back({{"id", control.id},
                        {"capability", bilingual(provisions::capability_ja(control.capability), control.capability)},
                        {"kind", provisions::to_string(control.kind)},
                        {"summary", bilingual(control.summary_ja, control.summary_en)},
                        {"parameters", parameters}});
  }
  nlohmann::json conditions = nlohmann::json::array();
  for (const auto& condition : provisions::citable_conditions())
    conditions.push_back(
        {{"name", condition.name},
         {"summary", bilingual(condition.summary_ja, condition.summary_en)},
         {"cited_by", std::vector<std::string_view>(condition.cited_by.begin(), condition.cited_by.end())}});
  return {{"controls", controls}, {"conditions", conditions}};
}

// The vocabulary for a person transcribing a city's text: grouped by capability, each control
// with how it is kept and its parameters.
void print_vocabulary() {
  std::string_view capability;
  for (const auto& control : provisions::vocabulary()) {
    if (control.capability != capability) {
      capability = control.capability;
      std::cout << fmt::format("\n■ {}（{}）\n", provisions::capability_ja(capability), capability);
    }
    std::cout << fmt::format("  {}  [{}]\n    {}\n    {}\n", control.id, provisions::label_ja(control.kind),
                             control.summary_ja, control.summary_en);
    for (const auto& p : control.parameters) {
      std::string form(provisions::to_string(p.type));
      if (!p.allowed.empty()) {
        form.clear();
        for (const auto value : p.allowed) form += (form.empty() ? "" : " | ") + std::string(value);
      }
      std::cout << fmt::format("    - {} = {}{}{}\n      {} / {}\n", p.name, form,
                               p.required ? "（必須 / required）" : "",
                               p.default_value.empty() ? "" : fmt::format("（省略時 / default {}）", p.default_value),
                               p.summary_ja, p.summary_en);
    }
  }
  std::cout << "\n■ 拒否が引用する条件（conditions = [...] で条項を指定できます）\n";
  for (const auto& condition : provisions::citable_conditions()) {
    std::string cited;
    for (const auto control : condition.cited_by) cited += (cited.empty() ? "" : ", ") + std::string(control);
    std::cout << fmt::format("  {}  {} / {}\n    指定がなければ / otherwise: {}\n", condition.name,
                             condition.summary_ja, condition.summary_en, cited.empty() ? "—" : cited);
  }
}

// itaku replay --check: the projections rebuilt from the ledger in a scratch database (in a
// private temporary directory, removed afterwards) compared with the live tables.
Result<void> check_replay(const GlobalOptions& options) {
  const auto config = TRY(load(options));
  auto database = TRY(open_migrated(config));
  std::string scratch = (std::filesystem::temp_directory_path() / "itaku-replay-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr)
    return make_error(ErrorKind::Io, "replay.scratch", "作業用ディレクトリを作成できません",
                      "cannot create a scratch directory")
        .with("dir", scratch);
  auto report = service::replay_check(*database, scratch);
  std::error_code ec;
  std::filesystem::remove_all(scratch, ec);
  if (!report) return report.error();
  for (const auto& d : report->differences)
    std::cout << fmt::format("差異 / difference: {} {}: {}\n", d.table, d.where, d.row);
  if (!report->differences.empty())
    return make_error(ErrorKind::Tampered, "replay.differs", "台帳から再構築した内容が現在の表と一致しません",
                      "the projections rebuilt from the ledger differ from the live tables")
        .with("differences", std::to_string(report->differences.size()));
  std::cout << fmt::format("差異はありません / no difference ({} events, {} rows compared)\n", report->events,
                           report->rows_compared);
  return ok();
}

}  // namespace

void add_domain_commands(CLI::App& app, GlobalOptions& options, Action& action) {
  auto args = std::make_shared<Args>();
  const GlobalOptions* global = &options;
  // Runs a command against an open instance: `run` gets the instance and the arguments.
  auto on = on_instance_with(options, action, args);
  // --- organisations ---
  auto* org = app.add_subcommand("org", "organisations: cities, contractors, subcontractors");
  org->require_subcommand(1);
  add_recorded_command<RegisterOrganisation>(org, "add", "register an organisation", {}, options, action);
  on(org->add_subcommand("list", "list organisations"), [](Instance& i, Args&) -> Result<void> {
    i.service->read([](const State& s) {
      for (const auto& [id, o] : s.organisations)
        std::cout << fmt::format("{}\t{}\t{}\n", id, to_string(o.kind), o.name);
    });
    return ok();
  });

  // --- people ---
  auto* person = app.add_subcommand("person", "people of the organisations (never deleted)");
  person->require_subcommand(1);
  add_recorded_command<RegisterPerson>(person, "add", "register a person", {.aliases = {{"organisation", "org"}}},
                                       options, action);
  add_recorded_command<RecordDeparture>(
      person, "leave", "record a transfer (転勤) or leaving (退職): access ends, history and obligations stay",
      {.positional = {"person"}, .defaulted = {"effective"}}, options, action,
      [](Instance&, RecordDeparture& departure) -> Result<void> {
        if (departure.effective.empty()) departure.effective = format_utc(system_clock().now());
        return ok();
      });
  auto* person_show = person->add_subcommand("show", "a person, their assignments and history");
  person_show->add_option("ID", args->id, "person id")->required();
  on(person_show, [](Instance& i, Args& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto* p = s.person(a.id);
      if (!p)
        return make_error(ErrorKind::NotFound, "person.unknown", "人が見つかりません", "no such person")
            .with("id", a.id);
      std::cout << fmt::format("{} ({})  {}  所属: {}\n", p->name, p->id, p->title, org_label(s, p->organisation));
      if (p->departure)
        std::cout << fmt::format("  {}: {}（以後もこの人の守秘義務等は継続します / obligations continue）\n",
                                 p->departure->reason == DepartureReason::Transferred ? "転勤" : "退職",
                                 jst(p->departure->effective));
      else
        std::cout << "  在籍中 / active\n";
      std::cout << "  体制表の履歴 / roster history:\n";
      for (const auto& [cid, c] : s.contracts)
        for (const auto& [org_id, versions] : c.rosters)
          for (const auto& v : versions) {
            std::string roles;
            if (v.roster.responsible == p->id) roles += " 責任者";
            if (v.roster.information_manager == p->id) roles += " 情報管理責任者";
            for (const auto& w : v.roster.workers)
              if (w.person == p->id) roles += fmt::format(" 作業者（{}、{}〜{}）", w.work, w.from, w.until);
            if (!roles.empty()) std::cout << fmt::format("    {} 第{}版:{}\n", cid, v.version, roles);
          }
      return ok();
    });
  });
  auto* person_list = person->add_subcommand("list", "list people");
  person_list->add_option("--org", args->organisation, "only this organisation");
  on(person_list, [](Instance& i, Args& a) -> Result<void> {
    i.service->read([&](const State& s) {
      for (const auto& [id, p] : s.people)
        if (a.organisation.empty() || p.organisation == a.organisation)
          std::cout << fmt::format("{}\t{}\t{}\t{}\n", id, p.organisation, p.name, p.active() ? "在籍" : "退任");
    });
    return ok();
  });

  // --- contracts ---
  auto* contract = app.add_subcommand("contract", "outsourcing contracts");
  contract->require_subcommand(1);
  add_recorded_command<CreateContract>(contract, "create", "create a contract (draft) pinned to a provision set",
                                       {.aliases = {{"period_from", "from"},
                                                    {"period_until", "until"},
                                                    {"work_description", "work"},
                                                    {"provisions_name", "provisions"}}},
                                       options, action);
  on(contract->add_subcommand("list", "list contracts"), [](Instance& i, Args&) -> Result<void> {
    i.service->read([](const State& s) {
      for (const auto& [id, c] : s.contracts)
        std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\n", id, c.number, to_string(c.state), c.title,
                                 org_label(s, c.contractor() ? c.contractor()->organisation : ""));
    });
    return ok();
  });
  auto* show = contract->add_subcommand("show", "a contract: parties, provisions, rosters");
  show->add_option("ID", args->id, "contract id")->required();
  on(show, [](Instance& i, Args& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto* c = TRY(find_contract(s, a.id));
      print_contract(s, *c, std::cout);
      return ok();
    });
  });
  auto* activate = contract->add_subcommand("activate", "draft → active");
  activate->add_option("ID", args->id, "contract id")->required();
  on(activate, [=](Instance& i, Args& a) -> Result<void> {
    return record(i, *global, ChangeContractState{a.id, ContractState::Active});
  });
  auto* close = contract->add_subcommand("close", "active → closing (work ended); with --final, closing → closed");
  close->add_option("ID", args->id, "contract id")->required();
  close->add_flag("--final", args->final_close, "close for good once returns, disposals and reports are done");
  on(close, [=](Instance& i, Args& a) -> Result<void> {
    return record(i, *global,
                  ChangeContractState{a.id, a.final_close ? ContractState::Closed : ContractState::Closing});
  });
  add_recorded_command<AddSubcontractor>(contract, "subcontractor", "add an approved subcontractor (丙) to a contract",
                                         {.positional = {"contract"}, .aliases = {{"organisation", "org"}}}, options,
                                         action);
  add_recorded_command<AmendContract>(
      contract, "amend",
      "record an amendment (変更契約): --note why; a new --provisions-version, --period-until or --work-description",
      {.positional = {"contract"}}, options, action);

  // --- rosters ---
  auto* roster = app.add_subcommand(
      "roster", "rosters (体制表): responsible person, information manager, workers, locations, access");
  roster->require_subcommand(1);
  auto* roster_show = roster->add_subcommand("show", "a roster version (default: the latest)");
  roster_show->add_option("CONTRACT", args->contract, "contract id")->required();
  roster_show->add_option("--org", args->organisation, "party (default: the contractor)");
  roster_show->add_option("--version", args->version, "version number");
  on(roster_show, [](Instance& i, Args& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto org = TRY(party_of(s, a.contract, a.organisation));
      const auto& versions = s.contract(a.contract)->rosters;
      auto it = versions.find(org);
      if (it == versions.end() || it->second.empty())
        return make_error(ErrorKind::NotFound, "roster.none", "体制表が提出されていません", "no roster submitted")
            .with("organisation", org);
      const int v = a.version ? a.version : static_cast<int>(it->second.size());
      if (v < 1 || v > static_cast<int>(it->second.size()))
        return make_error(ErrorKind::NotFound, "roster.version_unknown", "その版の体制表はありません",
                          "no such roster version");
      std::cout << org_label(s, org) << "\n";
      print_roster(s, it->second[v - 1], std::cout);
      return ok();
    });
  });
  auto* roster_set =
      roster->add_subcommand("set", "submit a new roster version from a JSON file; the city is notified");
  roster_set->add_option("CONTRACT", args->contract, "contract id")->required();
  roster_set->add_option("--org", args->organisation, "party (default: the contractor)");
  roster_set->add_option("--file", args->file, "roster JSON (see docs/EVENTS.md)")->required();
  roster_set->add_option("--note", args->note, "why it changed");
  on(roster_set, [=](Instance& i, Args& a) -> Result<void> {
    const auto text = TRY(read_file(a.file));
    auto roster_value = TRY(roster_from_file_text(text));
    const auto org = TRY(i.service->read([&](const State& s) { return party_of(s, a.contract, a.organisation); }));
    TRY(record(i, *global, SubmitRoster{a.contract, org, roster_value, a.note}));
    std::cout << "市に通知しました / the city has been notified\n";
    return ok();
  });
  auto* roster_diff = roster->add_subcommand(
      "diff", "what changed between two versions (default: since the last version the city acknowledged)");
  roster_diff->add_option("CONTRACT", args->contract, "contract id")->required();
  roster_diff->add_option("--org", args->organisation, "party (default: the contractor)");
  roster_diff->add_option("--from", args->version_from, "older version (default: the last acknowledged before --to)");
  roster_diff->add_option("--to", args->version_to, "newer version");
  on(roster_diff, [](Instance& i, Args& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto org = TRY(party_of(s, a.contract, a.organisation));
      const auto& all = s.contract(a.contract)->rosters;
      auto it = all.find(org);
      const int count = it == all.end() ? 0 : static_cast<int>(it->second.size());
      const int to = a.version_to ? a.version_to : count;
      const int from = a.version_from ? a.version_from : count == 0 ? 0 : last_acknowledged(it->second, to);
      if (to < 1 || to > count || from < 0 || from >= to)
        return make_error(ErrorKind::NotFound, "roster.version_unknown", "比較する版がありません",
                          "no such versions to compare")
            .with("versions", std::to_string(count));
      const Roster before = from == 0 ? Roster{} : it->second[from - 1].roster;
      const auto& newer = it->second[to - 1];
      std::cout << fmt::format("{} 体制表 第{}版 → 第{}版（{} 提出{}）\n", org_label(s, org), from, to,
                               jst(newer.submitted_at), newer.note.empty() ? "" : "、理由: " + newer.note);
      const auto changes = diff_rosters(s, before, newer.roster);
      if (changes.empty()) std::cout << "  変更なし / no changes\n";
      for (const auto& change : changes) std::cout << "  ・" << change.ja << "\n    (" << change.en << ")\n";
      std::cout << (newer.settled() ? "  市の受領: 済 / acknowledged\n"
                                    : "  市の受領: 未受領 / not yet acknowledged\n");
      return ok();
    });
  });
  // The party defaults to the contractor, and the city's person acknowledging to --as.
  add_recorded_command<AcknowledgeRoster>(
      roster, "acknowledge", "the city acknowledges a roster version",
      {.positional = {"contract"}, .defaulted = {"organisation", "by"}, .aliases = {{"organisation", "org"}}}, options,
      action, [global](Instance& i, AcknowledgeRoster& c) -> Result<void> {
        c.organisation = TRY(i.service->read([&](const State& s) { return party_of(s, c.contract, c.organisation); }));
        if (c.by.empty()) c.by = global->as_person;
        return ok();
      });

  // --- notifications ---
  auto* notification = app.add_subcommand("notification", "notifications (通知) sent to the parties");
  notification->require_subcommand(1);
  auto* notification_list = notification->add_subcommand("list", "list notifications");
  notification_list->add_option("--contract", args->contract, "only this contract");
  on(notification_list, [](Instance& i, Args& a) -> Result<void> {
    i.service->read([&](const State& s) {
      for (const auto& [id, n] : s.notifications)
        if (a.contract.empty() || n.contract == a.contract)
          std::cout << fmt::format("{}\t{}\t宛先 {}\t{}\n", id, jst(n.at), org_label(s, n.recipient), n.subject_ja);
    });
    return ok();
  });

  // --- provision sets ---
  auto* prov = app.add_subcommand("provisions", "provision sets (特記事項) as data");
  prov->require_subcommand(1);
  auto* lint = prov->add_subcommand("lint", "check a provision set file; errors name their line");
  lint->add_option("FILE", args->file, "TOML file")->required();
  lint->callback([&action, args] {
    action = [args]() -> Result<void> {
      const auto text = TRY(read_file(args->file));
      const auto messages = provisions::lint_provision_set(text);
      for (const auto& m : messages)
        std::cerr << fmt::format("{}:{}: {} / {} [{}]\n", args->file, m.line, m.message_ja, m.message_en, m.code);
      if (!messages.empty())
        return make_error(ErrorKind::Invalid, "provisions.invalid", "特記事項ファイルに誤りがあります",
                          "the provision set file has errors")
            .with("errors", std::to_string(messages.size()));
      auto set = TRY(provisions::parse_provision_set(text, args->file));
      std::cout << fmt::format("問題ありません / OK: {} {} 「{}」 {} 条項\n", set.municipality, set.version, set.title,
                               set.clauses.size());
      return ok();
    };
  });
  auto* vocabulary =
      prov->add_subcommand("vocabulary", "the controls a provision set may require, with their parameters");
  vocabulary->add_flag("--json", args->json, "as JSON");
  vocabulary->callback([&action, args] {
    action = [args]() -> Result<void> {
      if (args->json)
        std::cout << vocabulary_json().dump(2) << "\n";
      else
        print_vocabulary();
      return ok();
    };
  });
  auto* import = prov->add_subcommand("import", "install a new provision set or version (recorded in the ledger)");
  import->add_option("FILE", args->file, "TOML file")->required();
  on(import, [=](Instance& i, Args& a) -> Result<void> {
    const auto text = TRY(read_file(a.file));
    return record(i, *global, ImportProvisions{text});
  });
  on(prov->add_subcommand("list", "list the imported provision sets"), [](Instance& i, Args&) -> Result<void> {
    i.service->read([](const State& s) {
      for (const auto& [name, versions] : s.provision_sets)
        for (const auto& [version, set] : versions)
          std::cout << fmt::format("{}\t{}\t{}「{}」\t{} 条項\t{}\n", name, version, set.municipality, set.title,
                                   set.clauses.size(), set.content_hash.substr(0, 12));
    });
    return ok();
  });
  auto* prov_show = prov->add_subcommand("show", "print a provision set: clauses, text and controls");
  prov_show->add_option("NAME", args->name, "set name, or NAME@VERSION")->required();
  on(prov_show, [](Instance& i, Args& a) -> Result<void> {
    return i.service->read([&](const State& s) -> Result<void> {
      const auto at = a.name.find('@');
      const auto* set = at == std::string::npos ? s.latest_provision_set(a.name)
                                                : s.provision_set(a.name.substr(0, at), a.name.substr(at + 1));
      if (!set)
        return make_error(ErrorKind::NotFound, "provisions.unknown", "その特記事項はありません",
                          "no such provision set")
            .with("name", a.name);
      std::cout << fmt::format("{}「{}」 ({} {}, SHA-256 {})\n", set->municipality, set->title, set->name, set->version,
                               set->content_hash);
      for (const auto& c : set->clauses) {
        std::cout << fmt::format("\n{}（{}）\n  {}\n", c.number, c.title, c.summary_en);
        for (const auto& p : c.paragraphs) {
          std::cout << "  " << (p.number == "1" ? "" : p.number + " ") << p.text << "\n";
          for (const auto& item : p.items) std::cout << "    " << item.number << " " << item.text << "\n";
        }
        for (const auto& control : c.controls) {
          std::cout << "  → " << control.id;
          for (const auto& [k, v] : control.params) std::cout << " " << k << "=" << v;
          for (const auto& condition : control.conditions) std::cout << " 条件:" << condition;
          std::cout << " (" << control.cites << ")\n";
        }
      }
      return ok();
    });
  });

  // --- demo and replay ---
  on(app.add_subcommand(
         "demo", "load the demo: 長野市 and 木更津市, a contractor, a subcontractor, two contracts with rosters"),
     [](Instance& i, Args&) -> Result<void> {
       TRY(service::load_demo(*i.service));
       auth::AuthOptions auth_options;
       auth_options.data_dir = i.config.data_dir;
       auth::Authenticator authenticator(*i.database, *i.service, system_clock(), auth_options);
       TRY(auth::load_demo_accounts(*i.service, authenticator));
       std::cout << "デモデータを読み込みました / demo loaded\n"
                    "  itaku contract show nagano-2026-001\n"
                    "  itaku roster diff nagano-2026-001\n"
                 << demo_accounts_text();
       return ok();
     });
  auto* replay = app.add_subcommand("replay", "rebuild the SQL projections from the ledger");
  replay->add_flag("--check", args->check, "rebuild into a scratch database and report differences; change nothing");
  // --check reads the database only: it needs no signing key, so an auditor can run it with
  // --database alone, as `ledger verify`.
  replay->callback([&action, &options, args] {
    action = [&options, args]() -> Result<void> {
      if (args->check) return check_replay(options);
      auto i = TRY(open_instance(options));
      const auto events = TRY(service::replay_in_place(*i.database));
      std::cout << fmt::format("{} 件のイベントから再構築しました / rebuilt from {} events\n", events, events);
      return ok();
    };
  });
}

}  // namespace itaku::cli
