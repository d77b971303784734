#include "itaku/service/projection.hpp"

#include "itaku/core/assert.hpp"
#include "itaku/core/canonical_json.hpp"
#include "itaku/domain/account_events.hpp"
#include "itaku/domain/contract_events.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/organisation_events.hpp"
#include "itaku/domain/roster_events.hpp"

namespace itaku::service {

namespace {

using storage::Param;
using storage::Text;

void register_organisation_projections(Projections& p) {
  using namespace domain;
  p.own({{"organisations", "id"}, {"people", "id"}});
  p.add<OrganisationRegistered>([](storage::Transaction& tx, const OrganisationRegistered& e, const Event&,
                                   std::int64_t index) {
    const std::string kind(to_string(e.kind));
    const Param row[] = {Text{e.id}, Text{kind}, Text{e.name}, Text{e.name_en}, index};
    return tx.execute("INSERT INTO organisations (id, kind, name, name_en, ledger_index) VALUES (?, ?, ?, ?, ?)", row);
  });
  p.add<PersonRegistered>([](storage::Transaction& tx, const PersonRegistered& e, const Event&, std::int64_t index) {
    const Param row[] = {Text{e.id}, Text{e.organisation}, Text{e.name}, Text{e.title}, Text{e.email}, index};
    return tx.execute(
        "INSERT INTO people (id, organisation_id, name, title, email, status, ledger_index) "
        "VALUES (?, ?, ?, ?, ?, 'active', ?)",
        row);
  });
  p.add<PersonDeparted>([](storage::Transaction& tx, const PersonDeparted& e, const Event&, std::int64_t index) {
    const std::string reason(to_string(e.reason));
    const auto effective = format_utc(e.effective);
    const Param row[] = {Text{reason}, Text{effective}, index, Text{e.id}};
    return tx.execute("UPDATE people SET status = ?, departed_at = ?, departure_index = ? WHERE id = ?", row);
  });
}

// Authentication and roles (docs/AUTH.md). Credentials, sessions and API token hashes are not
// projections: they hold secrets that are never in the ledger.
void register_account_projections(Projections& p) {
  using namespace domain;
  p.own({{"users", "login"}, {"roles", "person_id, contract_id, role"}});
  p.add<UserRegistered>([](storage::Transaction& tx, const UserRegistered& e, const Event&, std::int64_t index) {
    const Param row[] = {Text{e.login}, Text{e.person}, index};
    return tx.execute("INSERT INTO users (login, person_id, ledger_index) VALUES (?, ?, ?)", row);
  });
  p.add<UserAdminGranted>([](storage::Transaction& tx, const UserAdminGranted& e, const Event&, std::int64_t) {
    const Param row[] = {Text{e.login}};
    return tx.execute("UPDATE users SET admin = 'yes' WHERE login = ?", row);
  });
  p.add<UserDisabled>([](storage::Transaction& tx, const UserDisabled& e, const Event&, std::int64_t) {
    const Param row[] = {Text{e.login}};
    return tx.execute("UPDATE users SET disabled = 'yes' WHERE login = ?", row);
  });
  p.add<RoleGranted>([](storage::Transaction& tx, const RoleGranted& e, const Event& event, std::int64_t index) {
    const Param row[] = {Text{e.person}, Text{event.contract}, Text{e.role}, index};
    return tx.execute("INSERT INTO roles (person_id, contract_id, role, ledger_index) VALUES (?, ?, ?, ?)", row);
  });
  p.add<RoleRevoked>([](storage::Transaction& tx, const RoleRevoked& e, const Event& event, std::int64_t) {
    const Param row[] = {Text{e.person}, Text{event.contract}, Text{e.role}};
    return tx.execute("DELETE FROM roles WHERE person_id = ? AND contract_id = ? AND role = ?", row);
  });
  // Audit records only: the ledger is their home.
  p.add_unprojected<UserPasswordSet>();
  p.add_unprojected<UserTotpEnabled>();
  p.add_unprojected<UserTotpDisabled>();
  p.add_unprojected<SignedIn>();
  p.add_unprojected<SignInFailed>();
  p.add_unprojected<TokenCreated>();
  p.add_unprojected<TokenRevoked>();
  p.add_unprojected<TokenUsed>();
}

void register_contract_projections(Projections& p) {
  using namespace domain;
  p.own(
      {{"provision_sets", "name, version"}, {"contracts", "id"}, {"contract_parties", "contract_id, organisation_id"}});
  p.add<ProvisionsImported>(
      [](storage::Transaction& tx, const ProvisionsImported& e, const Event&, std::int64_t index) {
        const Param row[] = {Text{e.name},  Text{e.version}, Text{e.hash}, Text{e.municipality},
                             Text{e.title}, Text{e.source},  index};
        return tx.execute(
            "INSERT INTO provision_sets (name, version, content_hash, municipality, title, source, ledger_index) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            row);
      });
  p.add<ContractCreated>(
      [](storage::Transaction& tx, const ContractCreated& e, const Event& event, std::int64_t index) -> Result<void> {
        const Param row[] = {Text{event.contract},
                             Text{e.number},
                             Text{e.title},
                             Text{e.department},
                             Text{e.city},
                             Text{e.contractor},
                             Text{e.period_from},
                             Text{e.period_until},
                             Text{e.work_description},
                             Text{e.provisions.name},
                             Text{e.provisions.version},
                             Text{e.provisions.hash},
                             index};
        TRY(
            tx.execute("INSERT INTO contracts (id, number, title, department, city_id, contractor_id, period_from, "
                       "period_until, work_description, state, provisions_name, provisions_version, provisions_hash, "
                       "ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)",
                       row));
        for (const auto& [org, role] : {std::pair{&e.city, "city"}, std::pair{&e.contractor, "contractor"}}) {
          const Param party[] = {Text{event.contract}, Text{*org}, Text{role}, index};
          TRY(
              tx.execute("INSERT INTO contract_parties (contract_id, organisation_id, role, parent_id, ledger_index) "
                         "VALUES (?, ?, ?, '', ?)",
                         party));
        }
        return ok();
      });
  p.add<SubcontractorAdded>(
      [](storage::Transaction& tx, const SubcontractorAdded& e, const Event& event, std::int64_t index) {
        const Param row[] = {Text{event.contract}, Text{e.organisation}, Text{e.parent}, index};
        return tx.execute(
            "INSERT INTO contract_parties (contract_id, organisation_id, role, parent_id, ledger_index) "
            "VALUES (?, ?, 'subcontractor', ?, ?)",
            row);
      });
  const auto lifecycle = [](const char* state) {
    return [state](storage::Transaction& tx, const auto&, const Event& event, std::int64_t) {
      const Param row[] = {Text{state}, Text{event.contract}};
      return tx.execute("UPDATE contracts SET state = ? WHERE id = ?", row);
    };
  };
  p.add<ContractActivated>(lifecycle("active"));
  p.add<ContractClosingStarted>(lifecycle("closing"));
  p.add<ContractClosed>(lifecycle("closed"));
}

void register_roster_projections(Projections& p) {
  using namespace domain;
  p.own({{"roster_versions", "contract_id, organisation_id, version"},
         {"roster_members", "contract_id, organisation_id, version, person_id, role"}});
  p.add<RosterVersionSubmitted>([](storage::Transaction& tx, const RosterVersionSubmitted& e, const Event& event,
                                   std::int64_t index) -> Result<void> {
    const std::int64_t version = e.version;
    // The roster column holds the roster's bytes as the event recorded them.
    const auto roster_json = TRY(canonical_json(event.data.at("roster")));
    const auto at = format_utc(event.at);
    const Param row[] = {Text{event.contract}, Text{e.organisation}, version,  Text{roster_json},
                         Text{e.note},         Text{event.actor},    Text{at}, index};
    TRY(
        tx.execute("INSERT INTO roster_versions (contract_id, organisation_id, version, roster, note, submitted_by, "
                   "submitted_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   row));
    auto member = [&](const std::string& person, const char* role, const std::string& work, const std::string& from,
                      const std::string& until) -> Result<void> {
      const Param m[] = {Text{event.contract}, Text{e.organisation}, version,    Text{person},
                         Text{role},           Text{work},           Text{from}, Text{until}};
      return tx.execute(
          "INSERT INTO roster_members (contract_id, organisation_id, version, person_id, role, work, period_from, "
          "period_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          m);
    };
    TRY(member(e.roster.responsible, "responsible", "", "", ""));
    TRY(member(e.roster.information_manager, "information_manager", "", "", ""));
    for (const auto& w : e.roster.workers) TRY(member(w.person, "worker", w.work, w.from, w.until));
    return ok();
  });
  p.add<RosterAcknowledged>(
      [](storage::Transaction& tx, const RosterAcknowledged& e, const Event& event, std::int64_t index) {
        const auto at = format_utc(event.at);
        const Param row[] = {
            Text{e.by}, Text{at}, index, Text{event.contract}, Text{e.organisation}, std::int64_t{e.version}};
        return tx.execute(
            "UPDATE roster_versions SET acknowledged_by = ?, acknowledged_at = ?, acknowledged_index = ? "
            "WHERE contract_id = ? AND organisation_id = ? AND version = ?",
            row);
      });
}

void register_notification_projections(Projections& p) {
  using namespace domain;
  p.own({{"notifications", "id"}, {"outbox", "id"}});
  p.add<NotificationCreated>([](storage::Transaction& tx, const NotificationCreated& e, const Event& event,
                                std::int64_t index) -> Result<void> {
    const auto at = format_utc(event.at);
    const Param n[] = {
        Text{e.id},         Text{event.contract}, Text{e.kind},      Text{e.recipient}, Text{e.subject_ja},
        Text{e.subject_en}, Text{e.body_ja},      Text{e.reference}, Text{at},          index};
    TRY(tx.execute(
        "INSERT INTO notifications (id, contract_id, kind, recipient_id, subject_ja, subject_en, body_ja, reference, "
        "created_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        n));
    const Param o[] = {Text{e.id}, Text{e.id}, Text{e.recipient}, Text{e.subject_ja}, Text{e.body_ja}, Text{at}, index};
    return tx.execute(
        "INSERT INTO outbox (id, notification_id, channel, recipient_id, subject, body, status, created_at, "
        "ledger_index) VALUES (?, ?, 'email', ?, ?, ?, 'pending', ?, ?)",
        o);
  });
}

void register_document_projections(Projections& p) {
  using namespace domain;
  p.own({{"issued_documents", "sha256"}});
  p.add<DocumentIssued>([](storage::Transaction& tx, const DocumentIssued& e, const Event& event, std::int64_t index) {
    const auto at = format_utc(event.at);
    const Param row[] = {Text{e.sha256},
                         Text{event.contract},
                         Text{e.kind},
                         static_cast<std::int64_t>(e.of),
                         static_cast<std::int64_t>(e.size),
                         Text{event.actor},
                         Text{at},
                         index};
    return tx.execute(
        "INSERT INTO issued_documents (sha256, contract_id, kind, of_index, size, issued_by, issued_at, "
        "ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        row);
  });
}

}  // namespace

void Projections::insert(std::string_view type, Project project) {
  // A second writer for one event type is a bug in the code, found by the first test.
  ITAKU_CHECK(!writers_.contains(type));
  writers_.emplace(std::string(type), std::move(project));
}

const Projections::Project* Projections::find(std::string_view type) const {
  auto it = writers_.find(type);
  return it == writers_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> Projections::names() const {
  std::vector<std::string_view> names;
  for (const auto& [name, project] : writers_) names.emplace_back(name);
  return names;
}

const Projections& projections() {
  // One line per capability, in the order their tables were created.
  static const Projections kAll = [] {
    Projections p;
    register_organisation_projections(p);
    register_account_projections(p);
    register_contract_projections(p);
    register_roster_projections(p);
    register_notification_projections(p);
    register_asset_projections(p);
    register_document_projections(p);
    register_badge_projections(p);
    return p;
  }();
  return kAll;
}

std::span<const ProjectionTable> projection_tables() { return projections().tables(); }

Result<void> project(storage::Transaction& tx, const domain::Event& event, std::uint64_t ledger_index) {
  const auto* writer = projections().find(event.type);
  if (!writer)
    return make_error(ErrorKind::Internal, "projection.unknown_event", "未知のイベントです", "unknown event type")
        .with("type", event.type);
  if (!*writer) return ok();
  auto written = (*writer)(tx, event, static_cast<std::int64_t>(ledger_index));
  if (!written && written.error().code == "event.malformed")
    return make_error(ErrorKind::Internal, "projection.malformed_event", "イベントを投影できません",
                      "an event cannot be projected")
        .with("type", event.type)
        .with("detail", written.error().context.at("detail"));
  return written;
}

void append_decisions_async(ledger::Ledger& ledger, std::vector<CanonicalJson> entries, std::vector<DecisionRow> rows,
                            ledger::Ledger::Completion done) {
  ledger.append_async(
      std::move(entries),
      [rows = std::move(rows)](storage::Transaction& tx, std::uint64_t first) -> Result<void> {
        for (std::size_t i = 0; i < rows.size(); ++i) TRY(insert_decision(tx, rows[i], first + i));
        return ok();
      },
      std::move(done));
}

Result<std::vector<CanonicalJson>> canonical_entries(const std::vector<domain::Event>& events) {
  return canonical_entries(std::vector<domain::Event>(events));
}

Result<std::vector<CanonicalJson>> canonical_entries(std::vector<domain::Event>&& events) {
  std::vector<CanonicalJson> entries;
  entries.reserve(events.size());
  for (auto& event : events) entries.push_back(TRY(domain::to_canonical(std::move(event))));
  return entries;
}

Result<std::uint64_t> append_projected(ledger::Ledger& ledger, const std::vector<domain::Event>& events,
                                       const SideWrite& also) {
  const auto entries = TRY(canonical_entries(events));
  return ledger.append_all(entries, [&](storage::Transaction& tx, std::uint64_t first) -> Result<void> {
    for (std::size_t i = 0; i < events.size(); ++i) TRY(project(tx, events[i], first + i));
    if (also) TRY(also(tx));
    return ok();
  });
}

}  // namespace itaku::service
