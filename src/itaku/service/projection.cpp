#include "itaku/service/projection.hpp"

#include "itaku/core/canonical_json.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::service {

namespace {

using storage::Param;
using storage::Text;

constexpr ProjectionTable kTables[] = {
    {"organisations", "id"},
    {"people", "id"},
    {"users", "login"},
    {"provision_sets", "name, version"},
    {"contracts", "id"},
    {"contract_parties", "contract_id, organisation_id"},
    {"roster_versions", "contract_id, organisation_id, version"},
    {"roster_members", "contract_id, organisation_id, version, person_id, role"},
    {"notifications", "id"},
    {"outbox", "id"},
    {"roles", "person_id, contract_id, role"},
    {"asset_classes", "contract_id, id"},
    {"assets", "contract_id, id"},
    {"custody_transfers", "contract_id, id"},
    {"decisions", "ledger_index"},
    {"access_events", "ledger_index"},
    {"issued_documents", "sha256"},
};

std::string str(const nlohmann::json& d, const char* key) { return d.value(key, std::string()); }

Result<void> project_roster(storage::Transaction& tx, const domain::Event& event, std::int64_t index) {
  const auto& d = event.data;
  const auto organisation = str(d, "organisation");
  const std::int64_t version = d.at("version").get<std::int64_t>();
  const auto roster_json = TRY(canonical_json(d.at("roster")));
  const auto note = str(d, "note");
  const auto at = format_utc(event.at);
  const Param row[] = {Text{event.contract}, Text{organisation}, version,  Text{roster_json},
                       Text{note},           Text{event.actor},  Text{at}, index};
  TRY(tx.execute(
      "INSERT INTO roster_versions (contract_id, organisation_id, version, roster, note, submitted_by, submitted_at, "
      "ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      row));
  const auto roster = domain::roster_from_json(d.at("roster"));
  auto member = [&](const std::string& person, const char* role, const std::string& work, const std::string& from,
                    const std::string& until) -> Result<void> {
    const Param m[] = {Text{event.contract}, Text{organisation}, version,    Text{person},
                       Text{role},           Text{work},         Text{from}, Text{until}};
    return tx.execute(
        "INSERT INTO roster_members (contract_id, organisation_id, version, person_id, role, work, period_from, "
        "period_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        m);
  };
  TRY(member(roster.responsible, "responsible", "", "", ""));
  TRY(member(roster.information_manager, "information_manager", "", "", ""));
  for (const auto& w : roster.workers) TRY(member(w.person, "worker", w.work, w.from, w.until));
  return ok();
}

}  // namespace

std::span<const ProjectionTable> projection_tables() { return kTables; }

Result<void> project(storage::Transaction& tx, const domain::Event& event, std::uint64_t ledger_index) {
  const auto& d = event.data;
  const auto index = static_cast<std::int64_t>(ledger_index);
  const auto at = format_utc(event.at);
  try {
    if (event.type == "organisation.registered") {
      const auto id = str(d, "id"), kind = str(d, "kind"), name = str(d, "name"), name_en = str(d, "name_en");
      const Param p[] = {Text{id}, Text{kind}, Text{name}, Text{name_en}, index};
      return tx.execute("INSERT INTO organisations (id, kind, name, name_en, ledger_index) VALUES (?, ?, ?, ?, ?)", p);
    }
    if (event.type == "person.registered") {
      const auto id = str(d, "id"), org = str(d, "organisation"), name = str(d, "name"), title = str(d, "title"),
                 email = str(d, "email");
      const Param p[] = {Text{id}, Text{org}, Text{name}, Text{title}, Text{email}, index};
      return tx.execute(
          "INSERT INTO people (id, organisation_id, name, title, email, status, ledger_index) "
          "VALUES (?, ?, ?, ?, ?, 'active', ?)",
          p);
    }
    if (event.type == "person.departed") {
      const auto id = str(d, "id"), reason = str(d, "reason"), effective = str(d, "effective");
      const Param p[] = {Text{reason}, Text{effective}, index, Text{id}};
      return tx.execute("UPDATE people SET status = ?, departed_at = ?, departure_index = ? WHERE id = ?", p);
    }
    if (event.type == "user.registered") {
      const auto login = str(d, "login"), person = str(d, "person");
      const Param p[] = {Text{login}, Text{person}, index};
      return tx.execute("INSERT INTO users (login, person_id, ledger_index) VALUES (?, ?, ?)", p);
    }
    if (event.type == "provisions.imported") {
      const auto name = str(d, "name"), version = str(d, "version"), hash = str(d, "hash"),
                 municipality = str(d, "municipality"), title = str(d, "title"), source = str(d, "source");
      const Param p[] = {Text{name}, Text{version}, Text{hash}, Text{municipality}, Text{title}, Text{source}, index};
      return tx.execute(
          "INSERT INTO provision_sets (name, version, content_hash, municipality, title, source, ledger_index) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          p);
    }
    if (event.type == "contract.created") {
      const auto number = str(d, "number"), title = str(d, "title"), department = str(d, "department"),
                 city = str(d, "city"), contractor = str(d, "contractor"), from = str(d, "period_from"),
                 until = str(d, "period_until"), work = str(d, "work_description");
      const auto& prov = d.at("provisions");
      const auto pname = str(prov, "name"), pversion = str(prov, "version"), phash = str(prov, "hash");
      const Param p[] = {Text{event.contract}, Text{number}, Text{title}, Text{department}, Text{city},
                         Text{contractor},     Text{from},   Text{until}, Text{work},       Text{pname},
                         Text{pversion},       Text{phash},  index};
      TRY(tx.execute(
          "INSERT INTO contracts (id, number, title, department, city_id, contractor_id, period_from, period_until, "
          "work_description, state, provisions_name, provisions_version, provisions_hash, ledger_index) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)",
          p));
      for (const auto& [org, role] : {std::pair{city, "city"}, std::pair{contractor, "contractor"}}) {
        const Param party[] = {Text{event.contract}, Text{org}, Text{role}, index};
        TRY(
            tx.execute("INSERT INTO contract_parties (contract_id, organisation_id, role, parent_id, ledger_index) "
                       "VALUES (?, ?, ?, '', ?)",
                       party));
      }
      return ok();
    }
    if (event.type == "contract.subcontractor_added") {
      const auto org = str(d, "organisation"), parent = str(d, "parent");
      const Param p[] = {Text{event.contract}, Text{org}, Text{parent}, index};
      return tx.execute(
          "INSERT INTO contract_parties (contract_id, organisation_id, role, parent_id, ledger_index) "
          "VALUES (?, ?, 'subcontractor', ?, ?)",
          p);
    }
    if (event.type == "contract.activated" || event.type == "contract.closing_started" ||
        event.type == "contract.closed") {
      const std::string state = event.type == "contract.activated"         ? "active"
                                : event.type == "contract.closing_started" ? "closing"
                                                                           : "closed";
      const Param p[] = {Text{state}, Text{event.contract}};
      return tx.execute("UPDATE contracts SET state = ? WHERE id = ?", p);
    }
    if (event.type == "roster.version_submitted") return project_roster(tx, event, index);
    if (event.type == "roster.acknowledged") {
      const auto org = str(d, "organisation"), by = str(d, "by");
      const Param p[] = {
          Text{by}, Text{at}, index, Text{event.contract}, Text{org}, d.at("version").get<std::int64_t>()};
      return tx.execute(
          "UPDATE roster_versions SET acknowledged_by = ?, acknowledged_at = ?, acknowledged_index = ? "
          "WHERE contract_id = ? AND organisation_id = ? AND version = ?",
          p);
    }
    if (event.type == "notification.created") {
      const auto id = str(d, "id"), kind = str(d, "kind"), recipient = str(d, "recipient"),
                 subject_ja = str(d, "subject_ja"), subject_en = str(d, "subject_en"), body = str(d, "body_ja"),
                 reference = str(d, "reference");
      const Param n[] = {Text{id},         Text{event.contract}, Text{kind},      Text{recipient}, Text{subject_ja},
                         Text{subject_en}, Text{body},           Text{reference}, Text{at},        index};
      TRY(tx.execute(
          "INSERT INTO notifications (id, contract_id, kind, recipient_id, subject_ja, subject_en, body_ja, reference, "
          "created_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          n));
      const Param o[] = {Text{id}, Text{id}, Text{recipient}, Text{subject_ja}, Text{body}, Text{at}, index};
      return tx.execute(
          "INSERT INTO outbox (id, notification_id, channel, recipient_id, subject, body, status, created_at, "
          "ledger_index) VALUES (?, ?, 'email', ?, ?, ?, 'pending', ?, ?)",
          o);
    }
    // Authentication and roles (docs/AUTH.md). Credentials, sessions and API token hashes
    // are not projections: they hold secrets that are never in the ledger.
    if (event.type == "user.admin_granted" || event.type == "user.disabled") {
      const auto login = str(d, "login");
      const Param p[] = {Text{login}};
      return tx.execute(event.type == "user.admin_granted" ? "UPDATE users SET admin = 'yes' WHERE login = ?"
                                                           : "UPDATE users SET disabled = 'yes' WHERE login = ?",
                        p);
    }
    if (event.type == "role.granted") {
      const auto person = str(d, "person"), role = str(d, "role");
      const Param p[] = {Text{person}, Text{event.contract}, Text{role}, index};
      return tx.execute("INSERT INTO roles (person_id, contract_id, role, ledger_index) VALUES (?, ?, ?, ?)", p);
    }
    if (event.type == "role.revoked") {
      const auto person = str(d, "person"), role = str(d, "role");
      const Param p[] = {Text{person}, Text{event.contract}, Text{role}};
      return tx.execute("DELETE FROM roles WHERE person_id = ? AND contract_id = ? AND role = ?", p);
    }
    if (event.type == "user.password_set" || event.type == "user.totp_enabled" || event.type == "user.totp_disabled" ||
        event.type == "auth.signed_in" || event.type == "auth.sign_in_failed" || event.type == "token.created" ||
        event.type == "token.revoked" || event.type == "token.used")
      return ok();  // audit records only; the ledger is their home
    if (event.type == "document.issued") {
      const auto kind = str(d, "kind"), sha256 = str(d, "sha256");
      const Param p[] = {Text{sha256},
                         Text{event.contract},
                         Text{kind},
                         d.at("of").get<std::int64_t>(),
                         d.at("size").get<std::int64_t>(),
                         Text{event.actor},
                         Text{at},
                         index};
      return tx.execute(
          "INSERT INTO issued_documents (sha256, contract_id, kind, of_index, size, issued_by, issued_at, "
          "ledger_index) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          p);
    }
    if (TRY(project_asset_event(tx, event, index))) return ok();
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Internal, "projection.malformed_event", "イベントを投影できません",
                      "an event cannot be projected")
        .with("type", event.type)
        .with("detail", e.what());
  }
  return make_error(ErrorKind::Internal, "projection.unknown_event", "未知のイベントです", "unknown event type")
      .with("type", event.type);
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
