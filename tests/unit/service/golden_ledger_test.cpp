// The golden ledger: tests/golden/ledger.jsonl holds a ledger with every event type, written
// by an earlier release, with the state and the projections that release derived from it
// (state.json, projections.txt). Replaying it today must give exactly the same, on both
// backends, and every entry must read back into its event and out again byte for byte:
// events already recorded in cities' ledgers are never reinterpreted.
//
// To write the files again from the current code (only when an event type is added, never
// to make a failing comparison pass): ITAKU_WRITE_GOLDEN=1 itaku_service_tests
// --gtest_filter='GoldenLedger.*Write*'.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/projection.hpp"
#include "itaku/service/service.hpp"
#include "support/temp_dir.hpp"
#include "support/test_databases.hpp"

namespace itaku::testing {
namespace {

using namespace domain;
using nlohmann::ordered_json;

const std::filesystem::path kGolden = std::filesystem::path(ITAKU_SOURCE_DIR) / "tests" / "golden";

// --- The state as text: every member of every object the state holds. ---

ordered_json time_json(Timestamp at) { return format_utc(at); }
ordered_json optional_time(const std::optional<Timestamp>& at) { return at ? time_json(*at) : ordered_json(); }

ordered_json dump(const AssetClass& c) {
  ordered_json actions = ordered_json::object();
  for (const auto& [action, conditions] : c.actions) {
    auto& list = actions[std::string(to_string(action))] = ordered_json::array();
    for (const auto& condition : conditions) list.push_back(to_string(condition));
  }
  return {{"id", c.id},
          {"name", c.name},
          {"name_en", c.name_en},
          {"sensitive", c.sensitive},
          {"actions", actions},
          {"defined_index", c.defined_index},
          {"defined_at", time_json(c.defined_at)}};
}

ordered_json dump(const Roster& r) {
  ordered_json workers = ordered_json::array(), locations = ordered_json::array(), access = ordered_json::array();
  for (const auto& w : r.workers)
    workers.push_back({{"person", w.person}, {"work", w.work}, {"from", w.from}, {"until", w.until}});
  for (const auto& l : r.locations)
    locations.push_back({{"id", l.id},
                         {"name", l.name},
                         {"address", l.address},
                         {"city_premises", l.city_premises},
                         {"hours", l.hours}});
  for (const auto& a : r.access)
    access.push_back({{"class", a.asset_class}, {"person", a.person}, {"permission", a.permission}});
  return {{"responsible", r.responsible},
          {"information_manager", r.information_manager},
          {"manager_is_personal_information_officer", r.manager_is_personal_information_officer},
          {"workers", workers},
          {"locations", locations},
          {"access", access}};
}

// Training, acknowledgements and pledges of a contract, as the state holds them.
ordered_json training(const Contract& c) {
  ordered_json courses = ordered_json::object(), sessions = ordered_json::object();
  for (const auto& [id, co] : c.courses)
    courses[id] = {
        {"organisation", co.organisation}, {"title", co.title},           {"outline", co.outline},
        {"provider", co.provider},         {"hours", co.hours},           {"classes", co.classes},
        {"valid_for", co.valid_for},       {"defined_by", co.defined_by}, {"defined_index", co.defined_index}};
  for (const auto& [id, se] : c.training_sessions) {
    ordered_json attendees = ordered_json::array();
    for (const auto& a : se.attendees)
      attendees.push_back({{"person", a.person},
                           {"completed", a.completed},
                           {"passed", a.passed},
                           {"certificate_sha256", a.certificate_sha256}});
    sessions[id] = {{"course", se.course},    {"date", se.date},
                    {"place", se.place},      {"instructor", se.instructor},
                    {"attendees", attendees}, {"recorded_by", se.recorded_by},
                    {"at", time_json(se.at)}, {"ledger_index", se.ledger_index}};
  }
  ordered_json acknowledgements = ordered_json::array(), pledges = ordered_json::array();
  for (const auto& a : c.acknowledgements)
    acknowledgements.push_back({{"person", a.person},
                                {"provisions", {a.provisions.name, a.provisions.version, a.provisions.hash}},
                                {"recorded_by", a.recorded_by},
                                {"at", time_json(a.at)},
                                {"ledger_index", a.ledger_index}});
  for (const auto& p : c.pledges)
    pledges.push_back({{"person", p.person},
                       {"kind", p.kind},
                       {"document_sha256", p.document_sha256},
                       {"signed_on", p.signed_on},
                       {"countersigned_by", p.countersigned_by},
                       {"recorded_by", p.recorded_by},
                       {"at", time_json(p.at)},
                       {"ledger_index", p.ledger_index}});
  ordered_json amendments = ordered_json::array(), reports = ordered_json::object();
  for (const auto& a : c.amendments)
    amendments.push_back({{"note", a.note},
                          {"provisions_version", a.provisions_version},
                          {"period_until", a.period_until},
                          {"work_description", a.work_description},
                          {"recorded_by", a.recorded_by},
                          {"at", time_json(a.at)},
                          {"ledger_index", a.ledger_index}});
  for (const auto& [index, r] : c.training_reports)
    reports[std::to_string(index)] = {{"organisation", r.organisation},
                                      {"as_of", time_json(r.as_of)},
                                      {"workers", r.workers},
                                      {"issued_by", r.issued_by},
                                      {"at", time_json(r.at)}};
  return {{"courses", courses}, {"sessions", sessions},     {"acknowledgements", acknowledgements},
          {"pledges", pledges}, {"amendments", amendments}, {"reminders", c.training_reminders},
          {"reports", reports}};
}

ordered_json dump(const Contract& c) {
  ordered_json parties = ordered_json::array(), rosters = ordered_json::object(), classes = ordered_json::object(),
               assets = ordered_json::object(), transfers = ordered_json::object();
  for (const auto& p : c.parties)
    parties.push_back({{"organisation", p.organisation},
                       {"role", to_string(p.role)},
                       {"parent", p.parent},
                       {"added_at", time_json(p.added_at)},
                       {"added_index", p.added_index}});
  for (const auto& [organisation, versions] : c.rosters) {
    auto& list = rosters[organisation] = ordered_json::array();
    for (const auto& v : versions)
      list.push_back({{"contract", v.contract},
                      {"organisation", v.organisation},
                      {"version", v.version},
                      {"roster", dump(v.roster)},
                      {"submitted_by", v.submitted_by},
                      {"submitted_at", time_json(v.submitted_at)},
                      {"ledger_index", v.ledger_index},
                      {"note", v.note},
                      {"acknowledged_by", v.acknowledged_by ? ordered_json(*v.acknowledged_by) : ordered_json()},
                      {"acknowledged_at", optional_time(v.acknowledged_at)},
                      {"acknowledged_index", v.acknowledged_index}});
  }
  for (const auto& [id, cls] : c.asset_classes) classes[id] = dump(cls);
  for (const auto& [id, a] : c.assets)
    assets[id] = {{"id", a.id},
                  {"class", a.asset_class},
                  {"description", a.description},
                  {"origin", to_string(a.origin)},
                  {"copy_of", a.copy_of},
                  {"approval", a.approval},
                  {"media", a.media},
                  {"quantity", a.quantity},
                  {"custodian", a.custodian},
                  {"location", a.location},
                  {"pending_transfer", a.pending_transfer},
                  {"disposal", a.disposal},
                  {"registered_index", a.registered_index}};
  ordered_json badges = ordered_json::object();
  for (const auto& [number, b] : c.badges)
    badges[number] = {
        {"number", b.number},
        {"person", b.person},
        {"organisation", b.organisation},
        {"issued", b.issued},
        {"expires", b.expires},
        {"status", to_string(b.status)},
        {"issued_at", time_json(b.issued_at)},
        {"issued_index", b.issued_index},
        {"return_due", optional_time(b.return_due)},
        {"return_due_reason", b.return_due_reason ? ordered_json(to_string(*b.return_due_reason)) : ordered_json()},
        {"closed_at", optional_time(b.closed_at)},
        {"closed_index", b.closed_index},
        {"lost_note", b.lost_note}};
  ordered_json approvals = ordered_json::object();
  for (const auto& [id, a] : c.approvals)
    approvals[id] = {{"type", a.type},
                     {"organisation", a.organisation},
                     {"purpose", a.purpose},
                     {"assets", a.assets},
                     {"classes", a.classes},
                     {"people", a.people},
                     {"devices", a.devices},
                     {"destination", a.destination},
                     {"from", a.from},
                     {"until", a.until},
                     {"copies", a.copies},
                     {"measures", a.measures},
                     {"note", a.note},
                     {"requested_by", a.requested_by},
                     {"requested_at", time_json(a.requested_at)},
                     {"requested_index", a.requested_index},
                     {"status", to_string(a.status)},
                     {"number", a.number},
                     {"conditions", a.conditions},
                     {"reasons", a.reasons},
                     {"decided_by", a.decided_by},
                     {"decided_at", time_json(a.decided_at)},
                     {"decided_index", a.decided_index},
                     {"closed_reason", a.closed_reason},
                     {"closed_at", time_json(a.closed_at)},
                     {"closed_index", a.closed_index},
                     {"uses", a.uses},
                     {"copies_registered", a.copies_registered}};
  ordered_json devices = ordered_json::object();
  for (const auto& [id, d] : c.devices) {
    ordered_json destructions = ordered_json::array();
    for (const auto& m : d.destructions)
      destructions.push_back({{"media", m.media},
                              {"method", m.method},
                              {"performed_by", m.performed_by},
                              {"witnessed_by", m.witnessed_by},
                              {"performed_on", m.performed_on},
                              {"evidence_sha256", m.evidence_sha256},
                              {"note", m.note},
                              {"recorded_by", m.recorded_by},
                              {"at", time_json(m.at)},
                              {"ledger_index", m.ledger_index}});
    devices[id] = {{"kind", d.kind},
                   {"identifier", d.identifier},
                   {"description", d.description},
                   {"organisation", d.organisation},
                   {"owner", d.owner},
                   {"location", d.location},
                   {"storage", d.storage},
                   {"registered_index", d.registered_index},
                   {"registered_at", time_json(d.registered_at)},
                   {"measures", d.measures},
                   {"measures_note", d.measures_note},
                   {"confirmed_by", d.confirmed_by},
                   {"confirmed_at", time_json(d.confirmed_at)},
                   {"confirmed_index", d.confirmed_index},
                   {"destructions", destructions},
                   {"retired", d.retired},
                   {"retired_note", d.retired_note},
                   {"retired_at", time_json(d.retired_at)},
                   {"retired_index", d.retired_index}};
  }
  ordered_json instructions = ordered_json::object();
  for (const auto& [id, i] : c.disposal_instructions)
    instructions[id] = {
        {"assets", i.assets},    {"disposition", i.disposition},  {"due", i.due}, {"note", i.note}, {"by", i.by},
        {"at", time_json(i.at)}, {"ledger_index", i.ledger_index}};
  ordered_json disposals = ordered_json::object();
  for (const auto& [id, d] : c.disposals)
    disposals[id] = {{"organisation", d.organisation},
                     {"assets", d.assets},
                     {"disposition", d.disposition},
                     {"method", d.method},
                     {"media", d.media},
                     {"performed_by", d.performed_by},
                     {"witnessed_by", d.witnessed_by},
                     {"performed_on", d.performed_on},
                     {"instruction", d.instruction},
                     {"note", d.note},
                     {"recorded_by", d.recorded_by},
                     {"at", time_json(d.at)},
                     {"ledger_index", d.ledger_index}};
  ordered_json created = ordered_json::array();
  for (const auto& r : c.created_assets_reports) {
    ordered_json items = ordered_json::array();
    for (const auto& item : r.items)
      items.push_back({{"asset", item.asset}, {"keeper", item.keeper}, {"note", item.note}});
    created.push_back({{"organisation", r.organisation},
                       {"items", items},
                       {"note", r.note},
                       {"by", r.by},
                       {"at", time_json(r.at)},
                       {"ledger_index", r.ledger_index},
                       {"acknowledged_by", r.acknowledged_by},
                       {"acknowledged_at", time_json(r.acknowledged_at)},
                       {"acknowledged_index", r.acknowledged_index}});
  }
  ordered_json reviews = ordered_json::array();
  for (const auto& r : c.monitoring_reviews)
    reviews.push_back(
        {{"person", r.person}, {"note", r.note}, {"at", time_json(r.at)}, {"ledger_index", r.ledger_index}});
  for (const auto& [id, t] : c.transfers)
    transfers[id] = {{"id", t.id},
                     {"contract", t.contract},
                     {"assets", t.assets},
                     {"from", t.from},
                     {"to", t.to},
                     {"from_organisation", t.from_organisation},
                     {"to_organisation", t.to_organisation},
                     {"note", t.note},
                     {"at", time_json(t.at)},
                     {"ledger_index", t.ledger_index},
                     {"acknowledged_by", t.acknowledged_by ? ordered_json(*t.acknowledged_by) : ordered_json()},
                     {"acknowledged_at", optional_time(t.acknowledged_at)},
                     {"acknowledged_index", t.acknowledged_index},
                     {"receipt_index", t.receipt_index},
                     {"from_city", t.from_city}};
  return {{"id", c.id},
          {"number", c.number},
          {"title", c.title},
          {"department", c.department},
          {"period_from", c.period_from},
          {"period_until", c.period_until},
          {"work_description", c.work_description},
          {"state", to_string(c.state)},
          {"provisions", {{"name", c.provisions.name}, {"version", c.provisions.version}, {"hash", c.provisions.hash}}},
          {"parties", parties},
          {"rosters", rosters},
          {"created_index", c.created_index},
          {"asset_classes", classes},
          {"assets", assets},
          {"transfers", transfers},
          {"badges", badges},
          {"approvals", approvals},
          {"devices", devices},
          {"disposal_instructions", instructions},
          {"disposals", disposals},
          {"created_assets_reports", created},
          {"closing_at", time_json(c.closing_at)},
          {"closing_index", c.closing_index},
          {"monitoring_reviews", reviews},
          {"training", training(c)}};
}

ordered_json dump(const State& s) {
  ordered_json out;
  auto& organisations = out["organisations"] = ordered_json::object();
  for (const auto& [id, o] : s.organisations)
    organisations[id] = {{"id", o.id}, {"kind", to_string(o.kind)}, {"name", o.name}, {"name_en", o.name_en}};
  auto& people = out["people"] = ordered_json::object();
  for (const auto& [id, p] : s.people) {
    ordered_json departure;
    if (p.departure)
      departure = {{"reason", to_string(p.departure->reason)},
                   {"effective", time_json(p.departure->effective)},
                   {"ledger_index", p.departure->ledger_index}};
    people[id] = {
        {"id", p.id},       {"organisation", p.organisation},         {"name", p.name},        {"title", p.title},
        {"email", p.email}, {"registered_index", p.registered_index}, {"departure", departure}};
  }
  auto& users = out["users"] = ordered_json::object();
  for (const auto& [login, u] : s.users)
    users[login] = {{"login", u.login}, {"person", u.person}, {"admin", u.admin}, {"disabled", u.disabled}};
  auto& contracts = out["contracts"] = ordered_json::object();
  for (const auto& [id, c] : s.contracts) contracts[id] = dump(c);
  auto& sets = out["provision_sets"] = ordered_json::object();
  for (const auto& [name, versions] : s.provision_sets)
    for (const auto& [version, set] : versions)
      sets[name + "@" + version] = {{"name", set.name},
                                    {"version", set.version},
                                    {"municipality", set.municipality},
                                    {"clauses", set.clauses.size()},
                                    {"content_hash", set.content_hash}};
  auto& notifications = out["notifications"] = ordered_json::object();
  for (const auto& [id, n] : s.notifications)
    notifications[id] = {{"id", n.id},
                         {"contract", n.contract},
                         {"kind", n.kind},
                         {"recipient", n.recipient},
                         {"subject_ja", n.subject_ja},
                         {"subject_en", n.subject_en},
                         {"body_ja", n.body_ja},
                         {"reference", n.reference},
                         {"at", time_json(n.at)},
                         {"ledger_index", n.ledger_index}};
  auto& tokens = out["tokens"] = ordered_json::object();
  for (const auto& [id, t] : s.tokens) {
    ordered_json scopes = ordered_json::array();
    for (auto scope : t.scopes) scopes.push_back(to_string(scope));
    tokens[id] = {
        {"id", t.id},       {"login", t.login}, {"organisation", t.organisation},        {"contract", t.contract},
        {"label", t.label}, {"scopes", scopes}, {"created_at", time_json(t.created_at)}, {"revoked", t.revoked}};
  }
  auto& grants = out["role_grants"] = ordered_json::object();
  for (const auto& [contract, people_roles] : s.role_grants)
    for (const auto& [person, roles] : people_roles) grants[contract + "/" + person] = roles;
  auto& documents = out["documents"] = ordered_json::object();
  for (const auto& [sha, d] : s.documents)
    documents[sha] = {{"kind", d.kind},        {"contract", d.contract}, {"of", d.of},
                      {"sha256", d.sha256},    {"size", d.size},         {"actor", d.actor},
                      {"at", time_json(d.at)}, {"index", d.index}};
  auto& document_for = out["document_for"] = ordered_json::object();
  for (const auto& [key, sha] : s.document_for) document_for[key.first + "@" + std::to_string(key.second)] = sha;
  out["next_index"] = s.next_index;
  return out;
}

// Every projection table, row by row in primary-key order, as text.
std::string dump_projections(storage::Database& database) {
  std::string out;
  auto tx = database.begin(storage::TransactionMode::Read).release_value();
  for (const auto& table : service::projection_tables()) {
    out += "# " + std::string(table.name) + "\n";
    const std::string sql = "SELECT * FROM " + std::string(table.name) + " ORDER BY " + std::string(table.order_by);
    auto read = tx->query(sql, {}, [&](const storage::Row& row) -> Result<void> {
      for (int i = 0; i < row.column_count(); ++i) {
        if (i) out += '|';
        out += row.is_null(i) ? std::string("∅") : std::string(row.text(i));
      }
      out += '\n';
      return ok();
    });
    EXPECT_TRUE(read.ok()) << read.error().describe();
  }
  return out;
}

// The dump's sections by table name: the order tables are listed in is not part of the promise.
std::map<std::string, std::string> by_table(const std::string& dump) {
  std::set<std::string> tables;
  for (const auto& table : service::projection_tables()) tables.insert("# " + std::string(table.name));
  std::map<std::string, std::string> sections;
  std::string* current = nullptr;
  std::istringstream in(dump);
  for (std::string line; std::getline(in, line);) {
    if (tables.contains(line))
      current = &sections[line.substr(2)];
    else if (current)
      *current += line + "\n";
  }
  return sections;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> golden_lines() {
  std::vector<std::string> lines;
  std::istringstream in(read_file(kGolden / "ledger.jsonl"));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// --- Writing the golden files: the demo, then every event type the demo does not record. ---

Result<void> record_every_event_type(service::Service& service, SimulatedClock& clock) {
  TRY(service::load_demo(service));
  const auto admin = Actor::system();
  auto run = [&](const Command& command, const Actor& actor) -> Result<void> {
    clock.advance(std::chrono::seconds(7));
    TRY(service.execute(command, Principal::system(actor)));
    return ok();
  };
  TRY(run(RegisterUser{"kobayashi", "p-kobayashi"}, admin));
  TRY(run(RecordCredentialChange{"kobayashi", CredentialChange::PasswordSet}, admin));
  TRY(run(RecordCredentialChange{"kobayashi", CredentialChange::TotpEnabled}, admin));
  TRY(run(RecordCredentialChange{"kobayashi", CredentialChange::TotpDisabled}, admin));
  TRY(run(GrantAdmin{"kobayashi"}, admin));
  TRY(run(RegisterUser{"yamada", "p-yamada"}, admin));
  TRY(run(DisableUser{"yamada"}, admin));
  TRY(run(GrantRole{"p-kobayashi", "nagano-2026-001", "city_auditor"}, admin));
  TRY(run(GrantRole{"p-kobayashi", "nagano-2026-001", "city_officer"}, admin));
  TRY(run(RevokeRole{"p-kobayashi", "nagano-2026-001", "city_auditor"}, admin));
  TRY(run(RecordSignIn{"kobayashi", "192.0.2.10", "password+totp"}, Actor::person("p-kobayashi")));
  TRY(run(RecordSignInFailure{"", "192.0.2.11", "unknown_login"}, admin));
  TRY(run(CreateToken{"tok-read", "kobayashi", "nagano-city", "nagano-2026-001", "監査用", {"read"}}, admin));
  TRY(run(CreateToken{"tok-default", "kobayashi", "nagano-city", "", "既定の範囲", {}}, admin));
  TRY(run(RecordTokenUse{"tok-read"}, Actor::token("tok-read")));
  TRY(run(RevokeToken{"tok-default"}, admin));
  TRY(run(DefineAssetClass{"nagano-2026-001",
                           [&] {
                             auto cls = service.read(
                                 [](const State& s) { return *s.contract("nagano-2026-001")->asset_class("design"); });
                             cls.name_en = "Design documents (revised)";
                             cls.sensitive = true;
                             return cls;
                           }()},
          Actor::person("p-kobayashi")));
  // A copy made under the city's approval of one copy (長野市 第6-2), registered with it.
  TRY(run(RequestApproval{"nagano-2026-001",
                          "",
                          "copy",
                          "",
                          "設計書を開発室で参照するため",
                          {"spec-v3"},
                          {},
                          {"p-yamada"},
                          {},
                          "",
                          "2026-10-01",
                          "2027-03-31",
                          1,
                          {"施錠保管"},
                          ""},
          Actor::person("p-yamada")));
  TRY(run(DecideApproval{"nagano-2026-001", "a-0001", ApprovalOutcome::Approved, "", ""},
          Actor::person("p-kobayashi")));
  TRY(run(RegisterAsset{"nagano-2026-001", "spec-v3-copy", "design", "設計書 第3版（写し）", "copy", "spec-v3", "紙",
                        "1冊", "p-yamada", "本社 開発室", "a-0001"},
          Actor::person("p-yamada")));
  // Its 承認書, issued (the hash stands for the file's bytes).
  const auto approved =
      service.read([](const State& s) { return s.contract("nagano-2026-001")->approvals.at("a-0001").decided_index; });
  TRY(run(IssueDocument{"nagano-2026-001", "approval", approved, std::string(64, 'e'), 43210}, admin));
  // A hand-over back to the city (not from it: no receipt).
  TRY(run(TransferAssets{"nagano-2026-001", "t-return", {"spec-v3"}, "p-yamada", "p-kobayashi", "返却"},
          Actor::person("p-yamada")));
  TRY(run(AcknowledgeTransfer{"nagano-2026-001", "t-return", "p-kobayashi"}, Actor::person("p-kobayashi")));
  // The document issued for the demo's receipt (its hash stands for the file's bytes).
  const auto receipt =
      service.read([](const State& s) { return s.contract("nagano-2026-001")->transfers.at("t-0001").receipt_index; });
  TRY(run(IssueDocument{"nagano-2026-001", "receipt", receipt, std::string(64, 'a'), 12345}, admin));
  // Decisions: one allowed, one denied on a sensitive class (a notice to the city).
  clock.advance(std::chrono::seconds(7));
  policy::Request copy;
  copy.contract = "nagano-2026-001";
  copy.person = "p-suzuki";
  copy.action = Action::Copy;
  copy.asset = "juminhyo-2026-04";
  copy.location = "hq";
  copy.purpose = "nagano-2026-001";
  policy::Request read = copy;
  read.action = Action::Read;
  read.person = "p-yamada";
  TRY(service.decide(std::vector{read, copy}, Actor::token("tok-read")));
  clock.advance(std::chrono::seconds(7));
  read.at = clock.now();
  TRY(service.record_accesses(std::vector{read}, Actor::token("tok-read")));
  // A departure (a new roster version) and the end of a contract.
  TRY(run(RecordDeparture{"p-tanaka", "transferred", "2026-10-01"}, Actor::person("p-yamada")));
  // Devices (木更津市 第12条, 第14条): the demo's laptop has its disk drilled, reported and is
  // disposed of; the USB stick is released. Only then may the contract close.
  TRY(run(DestroyMedia{"kisarazu-2026-014",
                       "pc-21",
                       {},
                       "穿孔（ドリル）",
                       "p-suzuki",
                       "p-sato",
                       "2026-09-21",
                       std::string(64, 'f'),
                       "業者立会いのもと実施"},
          Actor::person("p-yamada")));
  const auto destroyed = service.read(
      [](const State& s) { return s.contract("kisarazu-2026-014")->devices.at("pc-21").destructions[0].ledger_index; });
  TRY(run(IssueDocument{"kisarazu-2026-014", "destruction_report", destroyed, std::string(64, '1'), 23456}, admin));
  TRY(run(RetireDevice{"kisarazu-2026-014", "pc-21", "disposed", ""}, Actor::person("p-yamada")));
  TRY(run(RetireDevice{"kisarazu-2026-014", "usb-03", "released", "契約データを上書き消去"}, Actor::person("p-sato")));
  TRY(run(ChangeContractState{"kisarazu-2026-014", ContractState::Closing}, Actor::person("p-takahashi")));
  TRY(run(ChangeContractState{"kisarazu-2026-014", ContractState::Closed}, Actor::person("p-takahashi")));
  // ID badges (木更津市 第11条(1)): issued, lost, due back when the holder leaves the roster
  // and then returned, and due back on a departure and still out.
  TRY(run(IssueBadge{"nagano-2026-001", "NG-0001", "p-suzuki", "2026-09-21", "2027-03-31"}, Actor::person("p-yamada")));
  TRY(run(IssueBadge{"nagano-2026-001", "NG-0002", "p-kato", "2026-09-21", "2027-03-31"}, Actor::person("p-sato")));
  TRY(run(IssueBadge{"nagano-2026-001", "NG-0003", "p-ito", "2026-09-21", "2027-03-31"}, Actor::person("p-ito")));
  TRY(run(ReportBadgeLost{"nagano-2026-001", "NG-0003", "通勤中に紛失"}, Actor::person("p-ito")));
  auto without_kato =
      service.read([](const State& s) { return s.latest_roster("nagano-2026-001", "shinano-is")->roster; });
  std::erase_if(without_kato.workers, [](const RosterWorker& w) { return w.person == "p-kato"; });
  std::erase_if(without_kato.access, [](const AssetAccess& a) { return a.person == "p-kato"; });
  TRY(run(SubmitRoster{"nagano-2026-001", "shinano-is", without_kato, "夜間監視体制の終了"},
          Actor::person("p-yamada")));
  TRY(run(ReturnBadge{"nagano-2026-001", "NG-0002"}, Actor::person("p-sato")));
  TRY(run(RecordDeparture{"p-suzuki", "left", "2026-10-15"}, Actor::person("p-yamada")));
  // The city's review of the monitoring (長野市 第3), with a note and without.
  TRY(run(ReviewMonitoring{"nagano-2026-001", "p-kobayashi", "拒否を確認"}, Actor::person("p-kobayashi")));
  TRY(run(ReviewMonitoring{"nagano-2026-001", "p-kobayashi", ""}, Actor::person("p-kobayashi")));
  // People's obligations (長野市 第4, 第10): a course, a session, an e-learning import, an
  // acknowledgement of the provisions and an NDA.
  TRY(run(DefineCourse{"nagano-2026-001",
                       "c-privacy",
                       "shinano-is",
                       "個人情報保護研修",
                       "個人情報の取扱い",
                       "社内",
                       "1.5",
                       {"個人情報"},
                       "P1Y"},
          Actor::person("p-yamada")));
  TRY(run(
      RecordTrainingSession{
          "nagano-2026-001", "", "c-privacy", "2026-04-10", "本社会議室", "山田 太郎", {"p-sato"}, {}},
      Actor::person("p-yamada")));
  TRY(run(ImportTrainingAttendance{"nagano-2026-001",
                                   "",
                                   "c-privacy",
                                   "elearning.csv",
                                   {{"p-sato", "2026-05-01", true,
                                     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}},
          Actor::person("p-yamada")));
  const auto nagano_hash = service.read([](const State& s) { return s.contract("nagano-2026-001")->provisions.hash; });
  TRY(run(AcknowledgeProvisions{"nagano-2026-001", "p-sato", nagano_hash}, Actor::person("p-sato")));
  TRY(run(RecordPledge{"nagano-2026-001", "p-sato", "nda",
                       "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "2026-04-01", "p-kobayashi"},
          Actor::person("p-yamada")));
  // A 変更契約 (the workers acknowledge again), a reminder of training that ends within 30 days
  // (a course of a year attended 355 days ago), and a training report with its PDF.
  TRY(run(AmendContract{"nagano-2026-001", "変更契約（期間の延長）", "", "2027-09-30", ""},
          Actor::person("p-kobayashi")));
  const auto attended =
      format_date(std::chrono::year_month_day(std::chrono::sys_days(jst_date(clock.now())) - std::chrono::days(355)));
  TRY(run(DefineCourse{"nagano-2026-001", "c-zen", "zenkoji-data", "情報セキュリティ研修", "", "", "", {}, "P1Y"},
          Actor::person("p-ito")));
  TRY(run(RecordTrainingSession{"nagano-2026-001", "", "c-zen", attended, "", "", {"p-ito"}, {}},
          Actor::person("p-ito")));
  TRY(run(SendTrainingReminders{""}, admin));
  TRY(run(RecordTrainingReport{"nagano-2026-001",
                               "zenkoji-data",
                               clock.now(),
                               1,
                               {{"expiring", 1}},
                               {{"csv", std::string(64, 'b'), 321}, {"xlsx", std::string(64, 'c'), 4321}}},
          Actor::person("p-ito")));
  const auto report =
      service.read([](const State& s) { return s.contract("nagano-2026-001")->training_reports.rbegin()->first; });
  TRY(run(IssueDocument{"nagano-2026-001", "training_report", report, std::string(64, 'd'), 54321}, admin));
  // The city's written approvals (長野市 第7): a take-out asked for, approved with a condition
  // and revoked; another refused; a third withdrawn.
  const auto take_out = [](const std::string& id) {
    return RequestApproval{"nagano-2026-001",
                           id,
                           "take_out",
                           "",
                           "障害調査のため本社 開発室で解析する",
                           {"juminhyo-2026-04"},
                           {},
                           {"p-sato"},
                           {"USB-012 暗号化USBメモリ"},
                           "本社 開発室",
                           "2026-10-01",
                           "2027-03-31",
                           0,
                           {"暗号化", "持出簿に記録"},
                           ""};
  };
  TRY(run(take_out(""), Actor::person("p-yamada")));
  TRY(run(DecideApproval{"nagano-2026-001", "a-0002", ApprovalOutcome::Approved, "返却時に消去を確認すること", ""},
          Actor::person("p-kobayashi")));
  TRY(run(RevokeApproval{"nagano-2026-001", "a-0002", "持出簿の記録漏れ"}, Actor::person("p-kobayashi")));
  TRY(run(take_out("a-0003"), Actor::person("p-sato")));
  TRY(run(DecideApproval{"nagano-2026-001", "a-0003", ApprovalOutcome::Refused, "", "庁内で解析できるため"},
          Actor::person("p-kobayashi")));
  TRY(run(take_out("a-0004"), Actor::person("p-sato")));
  TRY(run(WithdrawApproval{"nagano-2026-001", "a-0004", "調査が不要になった"}, Actor::person("p-sato")));
  // 返還・廃棄・消去 (長野市 第9): the city instructs the erasure of the data it handed over, the
  // contractor erases it with a witness, and its certificate is issued; a program the contractor
  // wrote is reported with its keeper after the contract, and the city acknowledges the report.
  TRY(run(
      InstructDisposal{
          "nagano-2026-001", "", {"juminhyo-2026-04"}, "erased", "2026-10-31", "移行完了後に消去", "p-kobayashi"},
      Actor::person("p-kobayashi")));
  TRY(run(DisposeAssets{"nagano-2026-001",
                        "",
                        "",
                        {"juminhyo-2026-04"},
                        "erased",
                        "NIST SP 800-88 Purge",
                        "",
                        "p-sato",
                        "p-yamada",
                        "2026-09-21",
                        "i-0001",
                        ""},
          Actor::person("p-yamada")));
  const auto erased =
      service.read([](const State& s) { return s.contract("nagano-2026-001")->disposals.at("d-0001").ledger_index; });
  TRY(run(IssueDocument{"nagano-2026-001", "disposal_certificate", erased, std::string(64, '2'), 34567}, admin));
  TRY(run(RegisterAsset{"nagano-2026-001", "tool-1", "design", "データ移行ツール", "created", "", "Gitリポジトリ",
                        "1式", "p-sato", "本社 開発室", ""},
          Actor::person("p-sato")));
  TRY(run(ReportCreatedAssets{"nagano-2026-001", "", {}, "p-yamada", "保守契約の終了時に消去する", "p-yamada"},
          Actor::person("p-yamada")));
  TRY(run(AcknowledgeCreatedAssets{"nagano-2026-001", "shinano-is", "p-kobayashi"}, Actor::person("p-kobayashi")));
  return ok();
}

std::unique_ptr<storage::Database> fresh_database(storage::Backend backend, const std::filesystem::path& dir) {
  auto database = storage::open_database(fresh_database_url(backend, dir)).release_value();
  EXPECT_TRUE(storage::migrate(*database).ok());
  return database;
}

// The scenario's ledger, recorded by the current code (its genesis names a fresh key).
std::vector<std::string> record_scenario(const std::filesystem::path& dir, storage::Database& database) {
  SimulatedClock clock{from_unix_micros(1'790'000'000'000'000)};
  auto signer = ledger::create_signing_key(dir, "golden.itaku.example/ledger").release_value();
  EXPECT_TRUE(ledger::initialise_ledger(database, signer, clock).ok());
  auto ledger = ledger::Ledger::open(database, ledger::load_signing_key(dir).release_value(), clock).release_value();
  auto service = service::Service::open(database, *ledger, clock).release_value();
  auto recorded = record_every_event_type(*service, clock);
  EXPECT_TRUE(recorded.ok()) << recorded.error().describe();
  std::vector<std::string> lines;
  for (std::uint64_t i = 0; i < ledger->size(); ++i) lines.push_back(ledger->entry(i).release_value());
  return lines;
}

TEST(GoldenLedger, WriteFromTheCurrentCodeWhenAsked) {
  if (!std::getenv("ITAKU_WRITE_GOLDEN")) GTEST_SKIP() << "ITAKU_WRITE_GOLDEN is not set";
  TempDir dir;
  auto database = fresh_database(storage::Backend::Sqlite, dir.path());
  const auto lines = record_scenario(dir.path(), *database);
  std::filesystem::create_directories(kGolden);
  std::ofstream out(kGolden / "ledger.jsonl", std::ios::binary);
  for (const auto& line : lines) out << line << "\n";
  State state;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto event = event_from_json(nlohmann::json::parse(lines[i]).at("event"));
    if (event.ok()) {
      ASSERT_TRUE(apply(state, *event, i).ok());
    }
  }
  std::ofstream(kGolden / "state.json", std::ios::binary) << dump(state).dump(1) << "\n";
  std::ofstream(kGolden / "projections.txt", std::ios::binary) << dump_projections(*database);
}

// The same commands record the same bytes today: a command's events change only on purpose
// (and then the golden files are written again, with the reason in the commit).
TEST(GoldenLedger, TheSameCommandsStillRecordTheSameBytes) {
  TempDir dir;
  auto database = fresh_database(storage::Backend::Sqlite, dir.path());
  const auto recorded = record_scenario(dir.path(), *database);
  const auto golden = golden_lines();
  ASSERT_GE(recorded.size(), golden.size());
  // Entry 0 is the genesis, which names the ledger's own key.
  for (std::size_t i = 1; i < golden.size(); ++i) EXPECT_EQ(recorded[i], golden[i]) << "entry " << i;
}

class GoldenLedgerReplay : public ::testing::TestWithParam<storage::Backend> {};

TEST(GoldenLedger, HoldsEveryEventTypeThatIsRecorded) {
  std::set<std::string> types;
  for (const auto& line : golden_lines()) {
    auto event = event_from_json(nlohmann::json::parse(line).at("event"));
    if (event.ok()) types.insert(event->type);
  }
  // Each event type itaku records appears at least once (extend the scenario with a new type).
  for (const char* type : {"training.course_defined",
                           "training.expiry_notified",
                           "training.reported",
                           "contract.amended",
                           "training.session_recorded",
                           "provisions.acknowledged",
                           "pledge.signed",
                           "organisation.registered",
                           "person.registered",
                           "person.departed",
                           "user.registered",
                           "provisions.imported",
                           "contract.created",
                           "contract.subcontractor_added",
                           "contract.activated",
                           "contract.closing_started",
                           "contract.closed",
                           "roster.version_submitted",
                           "roster.acknowledged",
                           "notification.created",
                           "user.admin_granted",
                           "user.disabled",
                           "user.password_set",
                           "user.totp_enabled",
                           "user.totp_disabled",
                           "role.granted",
                           "role.revoked",
                           "auth.signed_in",
                           "auth.sign_in_failed",
                           "token.created",
                           "token.revoked",
                           "token.used",
                           "asset_class.defined",
                           "asset.registered",
                           "custody.transferred",
                           "custody.acknowledged",
                           "receipt.issued",
                           "decision.recorded",
                           "access.recorded",
                           "document.issued",
                           "approval.requested",
                           "approval.decided",
                           "approval.revoked",
                           "approval.withdrawn",
                           "badge.issued",
                           "badge.returned",
                           "badge.lost",
                           "badge.return_due"})
    EXPECT_TRUE(types.contains(type)) << type;
}

TEST(GoldenLedger, EveryEntryReadsBackIntoTheSameBytes) {
  const auto lines = golden_lines();
  ASSERT_GT(lines.size(), 80u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto entry = nlohmann::json::parse(lines[i]);
    auto event = event_from_json(entry.at("event"));
    if (!event.ok()) continue;  // the ledger's genesis
    auto bytes = to_canonical(*event);
    ASSERT_TRUE(bytes.ok()) << i;
    auto again =
        canonical_json(nlohmann::json{{"event", nlohmann::json::parse(bytes->bytes())}, {"seq", entry.at("seq")}});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, lines[i]) << "entry " << i;
  }
}

TEST(GoldenLedger, EveryEntryReadsIntoItsTypeAndWritesBackTheSameBytes) {
  const auto lines = golden_lines();
  std::size_t typed = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto event = event_from_json(nlohmann::json::parse(lines[i]).at("event"));
    if (!event.ok()) continue;
    const auto* type = event_types().find(event->type);
    ASSERT_NE(type, nullptr) << event->type;
    auto data = type->reencode(*event);
    ASSERT_TRUE(data.ok()) << "entry " << i << ": " << data.error().describe();
    EXPECT_EQ(canonical_json(*data).value(), canonical_json(event->data).value()) << "entry " << i;
    ++typed;
  }
  EXPECT_GT(typed, 80u);
}

// Receipts issued before the persons' titles were printed hold no title members: they still read
// into their type, with no title, and write back the same bytes.
TEST(GoldenLedger, AReceiptRecordedBeforeTitlesWerePrintedReadsAndWritesBackTheSameBytes) {
  const auto lines = golden_lines();
  const auto line = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("\"type\":\"receipt.issued\"") != std::string::npos;
  });
  ASSERT_NE(line, lines.end());
  auto entry = nlohmann::json::parse(*line).at("event");
  ASSERT_TRUE(entry.at("data").contains("received_by_title"));
  entry["data"].erase("received_by_title");
  entry["data"].erase("handed_over_by_title");
  auto event = event_from_json(entry);
  ASSERT_TRUE(event.ok()) << event.error().describe();
  const auto receipt = read_event<ReceiptIssued>(*event);
  ASSERT_TRUE(receipt.ok()) << receipt.error().describe();
  EXPECT_EQ(receipt->received_by_name, "山田 太郎");
  EXPECT_TRUE(receipt->received_by_title.empty());
  EXPECT_TRUE(receipt->handed_over_by_title.empty());
  auto data = event_types().find(event->type)->reencode(*event);
  ASSERT_TRUE(data.ok()) << data.error().describe();
  EXPECT_EQ(canonical_json(*data).value(), canonical_json(entry.at("data")).value());
}

TEST(GoldenLedger, EveryEventTypeHasOneWriterInTheProjection) {
  for (auto name : event_types().names()) EXPECT_NE(service::projections().find(name), nullptr) << name;
  EXPECT_EQ(service::projections().names(), event_types().names());
}

TEST_P(GoldenLedgerReplay, GivesTheSameStateAndProjectionsAsTheReleaseThatWroteIt) {
  TempDir dir;
  auto database = fresh_database(GetParam(), dir.path());
  State state;
  {
    auto tx = database->begin(storage::TransactionMode::Write).release_value();
    const auto lines = golden_lines();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      auto event = event_from_json(nlohmann::json::parse(lines[i]).at("event"));
      if (!event.ok()) continue;
      auto applied = apply(state, *event, i);
      ASSERT_TRUE(applied.ok()) << "entry " << i << ": " << applied.error().describe();
      auto projected = service::project(*tx, *event, i);
      ASSERT_TRUE(projected.ok()) << "entry " << i << ": " << projected.error().describe();
    }
    ASSERT_TRUE(tx->commit().ok());
  }
  EXPECT_EQ(dump(state).dump(1) + "\n", read_file(kGolden / "state.json"));
  const auto projected = by_table(dump_projections(*database));
  const auto expected = by_table(read_file(kGolden / "projections.txt"));
  EXPECT_GE(expected.size(), 17u);
  for (const auto& [table, rows] : expected)
    EXPECT_EQ(projected.count(table) ? projected.at(table) : "", rows) << table;
  EXPECT_EQ(projected.size(), expected.size());
}

INSTANTIATE_TEST_SUITE_P(Backends, GoldenLedgerReplay, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
