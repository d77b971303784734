#include "itaku/domain/state.hpp"

namespace itaku::domain {

namespace {

Error cannot_apply(const Event& event, std::string detail) {
  return make_error(ErrorKind::Internal, "event.cannot_apply", "イベントを状態に反映できません",
                    "an event cannot be applied to the state")
      .with("type", event.type)
      .with("detail", std::move(detail));
}

std::string str(const nlohmann::json& data, const char* key) { return data.value(key, std::string()); }

Result<void> apply_asset_event(Contract& contract, const Event& event, std::uint64_t index) {
  const auto& d = event.data;
  if (event.type == "asset_class.defined") {
    auto definition = asset_class_from_json(d);
    if (!definition) return cannot_apply(event, definition.error().message);
    definition->defined_index = index;
    const auto id = definition->id;  // read before the value is moved out
    contract.asset_classes[id] = definition.release_value();
  } else if (event.type == "asset.registered") {
    Asset a;
    a.id = str(d, "id");
    a.asset_class = str(d, "class");
    a.description = str(d, "description");
    a.origin = asset_origin(str(d, "origin")).value_or(AssetOrigin::Created);
    a.copy_of = str(d, "copy_of");
    a.media = str(d, "media");
    a.quantity = str(d, "quantity");
    a.custodian = str(d, "custodian");
    a.location = str(d, "location");
    a.registered_index = index;
    contract.assets[a.id] = a;
  } else if (event.type == "custody.transferred") {
    Transfer t;
    t.id = str(d, "id");
    t.contract = contract.id;
    for (const auto& asset : d.at("assets")) t.assets.push_back(asset.get<std::string>());
    t.from = str(d, "from");
    t.to = str(d, "to");
    t.from_organisation = str(d, "from_organisation");
    t.to_organisation = str(d, "to_organisation");
    t.from_city = str(d, "from_city") == "yes";
    t.note = str(d, "note");
    t.at = event.at;
    t.ledger_index = index;
    for (const auto& asset : t.assets) {
      auto a = contract.assets.find(asset);
      if (a == contract.assets.end()) return cannot_apply(event, "asset");
      a->second.pending_transfer = t.id;
    }
    contract.transfers[t.id] = t;
  } else if (event.type == "custody.acknowledged") {
    auto t = contract.transfers.find(str(d, "transfer"));
    if (t == contract.transfers.end()) return cannot_apply(event, "transfer");
    t->second.acknowledged_by = str(d, "by");
    t->second.acknowledged_at = event.at;
    t->second.acknowledged_index = index;
    for (const auto& asset : t->second.assets) {
      auto a = contract.assets.find(asset);
      if (a == contract.assets.end()) return cannot_apply(event, "asset");
      a->second.custodian = t->second.to;
      a->second.pending_transfer.clear();
    }
  } else if (event.type == "receipt.issued") {
    auto t = contract.transfers.find(str(d, "transfer"));
    if (t == contract.transfers.end()) return cannot_apply(event, "transfer");
    t->second.receipt_index = index;
  } else {
    return cannot_apply(event, "unknown event type");
  }
  return ok();
}

}  // namespace

const IssuedDocument* State::document(const std::string& sha256) const {
  auto it = documents.find(sha256);
  return it == documents.end() ? nullptr : &it->second;
}

const IssuedDocument* State::document_of(const std::string& kind, std::uint64_t of) const {
  auto it = document_for.find({kind, of});
  return it == document_for.end() ? nullptr : document(it->second);
}

const Organisation* State::organisation(const std::string& id) const {
  auto it = organisations.find(id);
  return it == organisations.end() ? nullptr : &it->second;
}
const Person* State::person(const std::string& id) const {
  auto it = people.find(id);
  return it == people.end() ? nullptr : &it->second;
}
const Contract* State::contract(const std::string& id) const {
  auto it = contracts.find(id);
  return it == contracts.end() ? nullptr : &it->second;
}
const Contract* State::contract_by_number(const std::string& number) const {
  for (const auto& [id, contract] : contracts)
    if (contract.number == number) return &contract;
  return nullptr;
}
const provisions::ProvisionSet* State::provision_set(const std::string& name, const std::string& version) const {
  auto it = provision_sets.find(name);
  if (it == provision_sets.end()) return nullptr;
  auto v = it->second.find(version);
  return v == it->second.end() ? nullptr : &v->second;
}
const provisions::ProvisionSet* State::latest_provision_set(const std::string& name) const {
  auto it = provision_sets.find(name);
  if (it == provision_sets.end() || it->second.empty()) return nullptr;
  return &it->second.rbegin()->second;
}
const RosterVersion* State::latest_roster(const std::string& contract_id, const std::string& organisation_id) const {
  const auto* c = contract(contract_id);
  if (!c) return nullptr;
  auto it = c->rosters.find(organisation_id);
  if (it == c->rosters.end() || it->second.empty()) return nullptr;
  return &it->second.back();
}

const User* State::user(const std::string& login) const {
  auto it = users.find(login);
  return it == users.end() ? nullptr : &it->second;
}

std::vector<std::string> State::roles_of(const std::string& person_id, const std::string& contract_id) const {
  return roles_of(person_id, contract_id, std::nullopt);
}

std::vector<std::string> State::roles_of(const std::string& person_id, const std::string& contract_id,
                                         std::optional<std::chrono::year_month_day> today) const {
  std::vector<std::string> roles;
  const auto* p = person(person_id);
  const auto* c = contract(contract_id);
  if (!p || !c || !p->active()) return roles;
  if (auto by_contract = role_grants.find(contract_id); by_contract != role_grants.end())
    if (auto granted = by_contract->second.find(person_id); granted != by_contract->second.end())
      roles.insert(roles.end(), granted->second.begin(), granted->second.end());
  const auto* party = c->party(p->organisation);
  if (!party || party->role == PartyRole::City) return roles;
  const auto* latest = latest_roster(contract_id, p->organisation);
  if (!latest) return roles;
  if (latest->roster.responsible == person_id) roles.emplace_back(kRoleResponsible);
  if (latest->roster.information_manager == person_id) roles.emplace_back(kRoleInformationManager);
  const auto day = today ? format_date(*today) : std::string();
  for (const auto& worker : latest->roster.workers) {
    if (worker.person != person_id) continue;
    // Dates are YYYY-MM-DD, so they compare as strings.
    if (today && (worker.from > day || (!worker.until.empty() && worker.until < day))) continue;
    roles.emplace_back(kRoleWorker);
    break;
  }
  return roles;
}

Result<void> apply(State& state, const Event& event, std::uint64_t index) {
  const auto& d = event.data;
  try {
    if (event.type == "organisation.registered") {
      auto kind = organisation_kind(str(d, "kind"));
      if (!kind) return cannot_apply(event, "kind");
      state.organisations[str(d, "id")] = Organisation{str(d, "id"), *kind, str(d, "name"), str(d, "name_en")};
    } else if (event.type == "person.registered") {
      Person p;
      p.id = str(d, "id");
      p.organisation = str(d, "organisation");
      p.name = str(d, "name");
      p.title = str(d, "title");
      p.email = str(d, "email");
      p.registered_index = index;
      state.people[p.id] = p;
    } else if (event.type == "person.departed") {
      auto it = state.people.find(str(d, "id"));
      auto reason = departure_reason(str(d, "reason"));
      if (it == state.people.end() || !reason) return cannot_apply(event, "person");
      it->second.departure = Departure{*reason, TRY(parse_utc(str(d, "effective"))), index};
    } else if (event.type == "user.registered") {
      state.users[str(d, "login")] = User{str(d, "login"), str(d, "person")};
    } else if (event.type == "provisions.imported") {
      auto set = provisions::parse_provision_set(str(d, "source"), str(d, "name"));
      if (!set) return cannot_apply(event, set.error().describe());
      // Take the set out first: in `a[k] = std::move(v)` the right side is evaluated first
      // (C++17), which would leave the keys read from a moved-from set.
      auto value = set.release_value();
      const auto name = value.name;
      const auto version = value.version;
      state.provision_sets[name][version] = std::move(value);
    } else if (event.type == "contract.created") {
      Contract c;
      c.id = event.contract;
      c.number = str(d, "number");
      c.title = str(d, "title");
      c.department = str(d, "department");
      c.period_from = str(d, "period_from");
      c.period_until = str(d, "period_until");
      c.work_description = str(d, "work_description");
      c.provisions =
          ProvisionRef{d.at("provisions").at("name"), d.at("provisions").at("version"), d.at("provisions").at("hash")};
      c.parties.push_back(Party{str(d, "city"), PartyRole::City, ""});
      c.parties.push_back(Party{str(d, "contractor"), PartyRole::Contractor, ""});
      c.created_index = index;
      state.contracts[c.id] = c;
    } else if (event.type == "contract.subcontractor_added") {
      auto it = state.contracts.find(event.contract);
      if (it == state.contracts.end()) return cannot_apply(event, "contract");
      it->second.parties.push_back(Party{str(d, "organisation"), PartyRole::Subcontractor, str(d, "parent")});
    } else if (event.type == "contract.activated" || event.type == "contract.closing_started" ||
               event.type == "contract.closed") {
      auto it = state.contracts.find(event.contract);
      if (it == state.contracts.end()) return cannot_apply(event, "contract");
      it->second.state = event.type == "contract.activated"         ? ContractState::Active
                         : event.type == "contract.closing_started" ? ContractState::Closing
                                                                    : ContractState::Closed;
    } else if (event.type == "roster.version_submitted") {
      auto it = state.contracts.find(event.contract);
      if (it == state.contracts.end()) return cannot_apply(event, "contract");
      RosterVersion v;
      v.contract = event.contract;
      v.organisation = str(d, "organisation");
      v.version = d.at("version").get<int>();
      v.roster = roster_from_json(d.at("roster"));
      v.submitted_by = event.actor;
      v.submitted_at = event.at;
      v.ledger_index = index;
      v.note = str(d, "note");
      auto& versions = it->second.rosters[v.organisation];
      if (v.version != static_cast<int>(versions.size()) + 1) return cannot_apply(event, "version out of order");
      versions.push_back(std::move(v));
    } else if (event.type == "roster.acknowledged") {
      auto it = state.contracts.find(event.contract);
      if (it == state.contracts.end()) return cannot_apply(event, "contract");
      auto& versions = it->second.rosters[str(d, "organisation")];
      const int version = d.at("version").get<int>();
      if (version < 1 || version > static_cast<int>(versions.size())) return cannot_apply(event, "version");
      versions[version - 1].acknowledged_by = str(d, "by");
      versions[version - 1].acknowledged_at = event.at;
    } else if (event.type == "notification.created") {
      Notification n;
      n.id = str(d, "id");
      n.contract = event.contract;
      n.kind = str(d, "kind");
      n.recipient = str(d, "recipient");
      n.subject_ja = str(d, "subject_ja");
      n.subject_en = str(d, "subject_en");
      n.body_ja = str(d, "body_ja");
      n.reference = str(d, "reference");
      n.at = event.at;
      n.ledger_index = index;
      state.notifications[n.id] = n;
    } else if (event.type == "user.admin_granted" || event.type == "user.disabled") {
      auto it = state.users.find(str(d, "login"));
      if (it == state.users.end()) return cannot_apply(event, "user");
      (event.type == "user.admin_granted" ? it->second.admin : it->second.disabled) = true;
    } else if (event.type == "user.password_set" || event.type == "user.totp_enabled" ||
               event.type == "user.totp_disabled") {
      // The secrets themselves live outside the ledger (table credentials); the state keeps
      // only that the user exists.
      if (!state.users.contains(str(d, "login"))) return cannot_apply(event, "user");
    } else if (event.type == "role.granted" || event.type == "role.revoked") {
      auto& roles = state.role_grants[event.contract][str(d, "person")];
      if (event.type == "role.granted") {
        roles.insert(str(d, "role"));
      } else {
        roles.erase(str(d, "role"));
        if (roles.empty()) state.role_grants[event.contract].erase(str(d, "person"));
        if (state.role_grants[event.contract].empty()) state.role_grants.erase(event.contract);
      }
    } else if (event.type == "token.created") {
      ApiToken t;
      t.id = str(d, "id");
      t.login = str(d, "login");
      t.organisation = str(d, "organisation");
      t.contract = str(d, "contract");
      t.label = str(d, "label");
      // A token recorded before scopes existed has the default ones (what tokens were
      // documented for); a scope this version does not know grants nothing.
      if (d.contains("scopes") && d["scopes"].is_array()) {
        for (const auto& item : d["scopes"])
          if (item.is_string())
            if (auto scope = token_scope(item.get<std::string>())) t.scopes.insert(*scope);
      } else {
        t.scopes = default_token_scopes();
      }
      t.created_at = event.at;
      state.tokens[t.id] = t;
    } else if (event.type == "token.revoked") {
      auto it = state.tokens.find(str(d, "id"));
      if (it == state.tokens.end()) return cannot_apply(event, "token");
      it->second.revoked = true;
    } else if (event.type == "token.used" || event.type == "auth.signed_in" || event.type == "auth.sign_in_failed" ||
               event.type == "decision.recorded" || event.type == "access.recorded") {
      // Recorded for the audit trail and monitoring only (the SQL projection holds them);
      // nothing in the state changes. Decisions are appended without the command lock.
    } else if (event.type == "document.issued") {
      IssuedDocument doc;
      doc.kind = str(d, "kind");
      doc.contract = event.contract;
      doc.of = d.at("of").get<std::uint64_t>();
      doc.sha256 = str(d, "sha256");
      doc.size = d.at("size").get<std::uint64_t>();
      doc.actor = event.actor;
      doc.at = event.at;
      doc.index = index;
      state.document_for[{doc.kind, doc.of}] = doc.sha256;
      state.documents[doc.sha256] = std::move(doc);
    } else if (event.type.starts_with("asset") || event.type.starts_with("custody.") ||
               event.type == "receipt.issued") {
      auto it = state.contracts.find(event.contract);
      if (it == state.contracts.end()) return cannot_apply(event, "contract");
      TRY(apply_asset_event(it->second, event, index));
    } else {
      return cannot_apply(event, "unknown event type");
    }
  } catch (const nlohmann::json::exception& e) {
    return cannot_apply(event, e.what());
  }
  state.next_index = index + 1;
  return ok();
}

}  // namespace itaku::domain
