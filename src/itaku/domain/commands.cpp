#include "itaku/domain/commands.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "itaku/domain/account_events.hpp"
#include "itaku/domain/asset_commands.hpp"
#include "itaku/domain/asset_events.hpp"
#include "itaku/domain/badges.hpp"
#include "itaku/domain/contract_events.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/notification_events.hpp"
#include "itaku/domain/organisation_events.hpp"
#include "itaku/domain/roster_diff.hpp"
#include "itaku/domain/roster_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

namespace {

using namespace rules;

// The city is notified of every roster version (長野市 第1: 変更する場合についても同様とする).
Event roster_notification(const State& state, const Contract& contract, const RosterVersion& version,
                          const std::vector<std::string>& changes, const Actor& actor, Timestamp now,
                          std::size_t offset) {
  const auto* org = state.organisation(version.organisation);
  const std::string org_name = org ? org->name : version.organisation;
  std::string body = fmt::format("{}（{}）の体制表（第{}版）が提出されました。\n契約: {} {}\n", org_name,
                                 version.organisation, version.version, contract.number, contract.title);
  if (!version.note.empty()) body += "理由: " + version.note + "\n";
  body += "変更点:\n";
  for (const auto& change : changes) body += "・" + change + "\n";
  body += "内容を確認し、受領を記録してください。";
  return make_event(
      NotificationCreated{
          notification_id(state, offset), "roster.version", contract.city() ? contract.city()->organisation : "",
          fmt::format("【体制表 第{}版】{} {}", version.version, contract.number, org_name),
          fmt::format("Roster version {} for {} ({})", version.version, contract.number, version.organisation), body,
          fmt::format("roster:{}:{}:{}", contract.id, version.organisation, version.version)},
      actor, now, contract.id);
}

Result<void> check_roster(const State& state, const Contract& contract, const std::string& organisation,
                          const Roster& roster) {
  auto member = [&](const std::string& person_id, const char* field) -> Result<const Person*> {
    const auto* person = state.person(person_id);
    if (!person)
      return std::move(not_found("roster.person_unknown", "体制表に未登録の人がいます",
                                 "a person on the roster is unknown", person_id))
          .with("field", field);
    if (person->organisation != organisation)
      return invalid("roster.person_not_in_party", "体制表には当該事業者の所属者だけを記載できます",
                     "a roster lists only people of that party's organisation")
          .with("person", person_id)
          .with("field", field);
    return person;
  };
  // 長野市 第1 / 木更津市 第4条: a responsible person and an information manager are named.
  if (roster.responsible.empty())
    return invalid("roster.responsible_missing", "責任者を指定してください（長野市 第1）",
                   "name the responsible person (Nagano 第1)");
  if (roster.information_manager.empty())
    return invalid("roster.manager_missing", "情報管理責任者を指定してください（木更津市 第4条）",
                   "name the information manager (Kisarazu 第4条)");
  for (const auto& [id, field] :
       {std::pair{roster.responsible, "responsible"}, std::pair{roster.information_manager, "information_manager"}}) {
    const auto* person = TRY(member(id, field));
    if (!person->active())
      return invalid("roster.person_departed", "退任した人を責任者に指定することはできません",
                     "a person who has left cannot be named responsible")
          .with("person", id);
  }
  std::set<std::string> listed = {roster.responsible, roster.information_manager};
  std::set<std::string> workers;
  for (const auto& worker : roster.workers) {
    const auto* person = TRY(member(worker.person, "workers"));
    if (!workers.insert(worker.person).second)
      return invalid("roster.duplicate_worker", "同じ作業者が重複しています", "a worker is listed twice")
          .with("person", worker.person);
    TRY(check_text(worker.work, "workers.work"));
    auto from = parse_date(worker.from);
    if (!from) return std::move(from.release_error()).with("field", "workers.from");
    if (!worker.until.empty()) {
      auto until = TRY(parse_date(worker.until));
      if (std::chrono::sys_days(until) < std::chrono::sys_days(*from))
        return invalid("roster.period_reversed", "作業期間の終了日が開始日より前です",
                       "a worker's period ends before it starts")
            .with("person", worker.person);
    } else if (!person->active()) {
      return invalid("roster.person_departed", "退任した人は終了日なしで作業者にできません",
                     "a person who has left can be listed only with an end date")
          .with("person", worker.person);
    }
    listed.insert(worker.person);
  }
  std::set<std::string> location_ids;
  for (const auto& location : roster.locations) {
    TRY(check_id(location.id, "locations.id"));
    if (!location_ids.insert(location.id).second)
      return invalid("roster.duplicate_location", "作業場所のIDが重複しています", "a work location id is listed twice")
          .with("location", location.id);
    TRY(check_text(location.name, "locations.name"));
    TRY(check_text(location.address, "locations.address"));
    if (!location.hours.empty() && !parse_work_hours(location.hours))
      return invalid("roster.location_hours_invalid",
                     "作業場所の勤務時間は 08:30-17:30 のように書き、開始を終了より前にしてください",
                     "a work location's hours are written like 08:30-17:30, the start before the end")
          .with("location", location.id)
          .with("hours", location.hours);
  }
  if (roster.locations.empty())
    return invalid("roster.locations_missing", "作業場所を1か所以上指定してください（長野市 第1）",
                   "name at least one work location (Nagano 第1)");
  for (const auto& access : roster.access) {
    TRY(check_text(access.asset_class, "access.asset_class", 100));
    if (access.permission != "view" && access.permission != "use")
      return invalid("roster.permission_invalid", "権限は view（閲覧）か use（利用）です", "permission is view or use")
          .with("value", access.permission);
    if (!listed.contains(access.person))
      return invalid("roster.access_not_on_roster",
                     "情報資産を閲覧・利用できる者は体制表に記載された者に限ります（木更津市 第11条(4)）",
                     "only people on the roster may be allowed to view or use assets (Kisarazu 第11条(4))")
          .with("person", access.person);
  }
  (void)contract;
  return ok();
}

Result<Timestamp> effective_time(const std::string& text) {
  if (text.size() == 10) {
    // A date alone means the start of that day in Japan.
    auto date = TRY(parse_date(text));
    return Timestamp(std::chrono::sys_days(date) - std::chrono::hours(9));
  }
  return parse_utc(text);
}

struct Decider {
  const State& state;
  const Actor& actor;
  Timestamp now;

  Result<std::vector<Event>> operator()(const RegisterOrganisation& c) const {
    TRY(check_id(c.id, "id"));
    if (state.organisation(c.id))
      return conflict("organisation.exists", "そのIDの団体はすでに登録されています",
                      "an organisation with that id exists")
          .with("id", c.id);
    const auto kind = organisation_kind(c.kind);
    if (!kind)
      return invalid("organisation.kind_invalid", "種別は city, contractor, subcontractor のいずれかです",
                     "kind is one of city, contractor, subcontractor")
          .with("value", c.kind);
    TRY(check_required(c.name, "name"));
    return std::vector{make_event(OrganisationRegistered{c.id, *kind, c.name, c.name_en}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const RegisterPerson& c) const {
    TRY(check_id(c.id, "id"));
    if (state.person(c.id))
      return conflict("person.exists", "そのIDの人はすでに登録されています", "a person with that id exists")
          .with("id", c.id);
    if (!state.organisation(c.organisation))
      return not_found("organisation.unknown", "所属団体が見つかりません", "no such organisation", c.organisation);
    TRY(check_required(c.name, "name"));
    if (!c.email.empty() && c.email.find('@') == std::string::npos)
      return invalid("person.email_invalid", "メールアドレスの形式が正しくありません",
                     "the e-mail address is malformed");
    return std::vector{make_event(PersonRegistered{c.id, c.organisation, c.name, c.title, c.email}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const RecordDeparture& c) const {
    const auto* person = state.person(c.person);
    if (!person) return not_found("person.unknown", "人が見つかりません", "no such person", c.person);
    if (!person->active())
      return conflict("person.already_departed", "この人はすでに退任・転出しています", "this person has already left")
          .with("id", c.person);
    const auto reason = departure_reason(c.reason);
    if (!reason)
      return invalid("person.reason_invalid", "理由は transferred（転勤）か left（退職）です",
                     "reason is transferred or left")
          .with("value", c.reason);
    const auto effective = TRY(effective_time(c.effective));
    const auto end_date = format_date(jst_date(effective));
    std::vector<Event> events{make_event(PersonDeparted{c.person, *reason, effective}, actor, now, "")};
    // Access ends at once (長野市 第5-2): every open assignment gets its end date, as a new
    // roster version the city is notified of. Obligations and history stay with the person.
    std::size_t notifications = 0;
    for (const auto& [id, contract] : state.contracts) {
      if (contract.state == ContractState::Closed) continue;
      const auto* latest = state.latest_roster(id, person->organisation);
      if (!latest) continue;
      Roster next = latest->roster;
      bool changed = false;
      for (auto& worker : next.workers)
        if (worker.person == c.person && (worker.until.empty() || worker.until > end_date)) {
          worker.until = std::max(end_date, worker.from);
          changed = true;
        }
      if (!changed) continue;
      std::erase_if(next.access, [&](const AssetAccess& a) { return a.person == c.person; });
      RosterVersion version;
      version.contract = id;
      version.organisation = person->organisation;
      version.version = latest->version + 1;
      version.roster = next;
      version.note = fmt::format("{}の{}（{}付）", person->name, c.reason == "transferred" ? "転勤" : "退職", end_date);
      events.push_back(make_event(RosterVersionSubmitted{version.organisation, version.version, next, version.note},
                                  actor, now, id));
      const auto changes = describe_roster_changes(state, latest->roster, next);
      events.push_back(roster_notification(state, contract, version, changes, actor, now, notifications++));
    }
    // The badges they still hold are due back, and the city is told (木更津市 第11条(1)).
    for (auto& due : badges_due_after_departure(state, *person, actor, now, notifications))
      events.push_back(std::move(due));
    return events;
  }

  Result<std::vector<Event>> operator()(const RegisterUser& c) const {
    TRY(check_id(c.login, "login"));
    if (state.users.contains(c.login))
      return conflict("user.exists", "そのログイン名はすでに使われています", "that login is taken")
          .with("login", c.login);
    if (!state.person(c.person)) return not_found("person.unknown", "人が見つかりません", "no such person", c.person);
    return std::vector{make_event(UserRegistered{c.login, c.person}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const ImportProvisions& c) const {
    auto set = TRY(provisions::parse_provision_set(c.source));
    if (const auto* existing = state.provision_set(set.name, set.version)) {
      if (existing->content_hash == set.content_hash)
        return conflict("provisions.already_imported", "同じ特記事項はすでに取り込まれています",
                        "this provision set is already imported")
            .with("name", set.name)
            .with("version", set.version);
      return conflict("provisions.version_exists",
                      "同じ版番号で内容の異なる特記事項がすでにあります。版番号を変えてください",
                      "a different set with this name and version exists; give it a new version")
          .with("name", set.name)
          .with("version", set.version);
    }
    return std::vector{
        make_event(ProvisionsImported{set.name, set.version, set.content_hash, set.municipality, set.title, set.source},
                   actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const CreateContract& c) const {
    TRY(check_id(c.id, "id"));
    if (state.contract(c.id))
      return conflict("contract.exists", "そのIDの契約はすでにあります", "a contract with that id exists")
          .with("id", c.id);
    TRY(check_required(c.number, "number"));
    if (state.contract_by_number(c.number))
      return conflict("contract.number_taken", "その契約番号はすでに使われています", "that contract number is taken")
          .with("number", c.number);
    TRY(check_required(c.title, "title"));
    TRY(check_required(c.department, "department"));
    TRY(check_required(c.work_description, "work_description"));
    const auto* city = state.organisation(c.city);
    if (!city || city->kind != OrganisationKind::City)
      return invalid("contract.city_invalid", "甲には種別 city の団体を指定してください",
                     "甲 must be an organisation of kind city")
          .with("organisation", c.city);
    const auto* contractor = state.organisation(c.contractor);
    if (!contractor || contractor->kind == OrganisationKind::City)
      return invalid("contract.contractor_invalid", "乙には受託事業者を指定してください",
                     "乙 must be a contractor organisation")
          .with("organisation", c.contractor);
    const auto from = TRY(parse_date(c.period_from));
    const auto until = TRY(parse_date(c.period_until));
    if (std::chrono::sys_days(until) < std::chrono::sys_days(from))
      return invalid("contract.period_reversed", "契約期間の終了日が開始日より前です",
                     "the contract period ends before it starts");
    const auto* set = c.provisions_version.empty() ? state.latest_provision_set(c.provisions_name)
                                                   : state.provision_set(c.provisions_name, c.provisions_version);
    if (!set)
      return not_found("contract.provisions_unknown", "指定の特記事項が取り込まれていません",
                       "no such provision set is imported", c.provisions_name + "@" + c.provisions_version);
    // The contract pins the set's exact content: a later version does not change it. Its
    // asset classes start from what the set requires (docs/POLICY.md); the city edits them.
    std::vector<Event> events{
        make_event(ContractCreated{c.number, c.title, c.department, c.city, c.contractor, c.period_from, c.period_until,
                                   c.work_description, ProvisionRef{set->name, set->version, set->content_hash}},
                   actor, now, c.id)};
    for (auto& asset_class : default_asset_classes(*set))
      events.push_back(make_event(AssetClassDefined{std::move(asset_class)}, actor, now, c.id));
    return events;
  }

  Result<std::vector<Event>> operator()(const AddSubcontractor& c) const {
    const auto* contract = TRY(open_contract(state, c.contract));
    const auto* org = state.organisation(c.organisation);
    if (!org) return not_found("organisation.unknown", "団体が見つかりません", "no such organisation", c.organisation);
    if (org->kind == OrganisationKind::City)
      return invalid("contract.subcontractor_invalid", "市を再委託先にすることはできません",
                     "a city cannot be a subcontractor");
    if (contract->party(c.organisation))
      return conflict("contract.party_exists", "この団体はすでに契約の当事者です",
                      "this organisation is already a party");
    const auto* parent = contract->party(c.parent);
    if (!parent || parent->role == PartyRole::City)
      return invalid("contract.parent_invalid", "再委託元には乙または丙を指定してください（長野市 第11-3）",
                     "the engaging party must be the contractor or a subcontractor (Nagano 第11-3)")
          .with("parent", c.parent);
    return std::vector{make_event(SubcontractorAdded{c.organisation, c.parent}, actor, now, c.contract)};
  }

  Result<std::vector<Event>> operator()(const ChangeContractState& c) const {
    const auto* contract = state.contract(c.contract);
    if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
    const auto from = contract->state;
    std::optional<Event> step;
    if (from == ContractState::Draft && c.target == ContractState::Active)
      step = make_event(ContractActivated{}, actor, now, c.contract);
    if (from == ContractState::Active && c.target == ContractState::Closing)
      step = make_event(ContractClosingStarted{}, actor, now, c.contract);
    if (from == ContractState::Closing && c.target == ContractState::Closed)
      step = make_event(ContractClosed{}, actor, now, c.contract);
    if (!step)
      return conflict("contract.invalid_transition", "契約の状態をその状態へは変更できません",
                      "the contract cannot move to that state from its current one")
          .with("from", std::string(to_string(from)))
          .with("to", std::string(to_string(c.target)));
    return std::vector{std::move(*step)};
  }

  Result<std::vector<Event>> operator()(const SubmitRoster& c) const {
    const auto* contract = TRY(open_contract(state, c.contract));
    const auto* party = contract->party(c.organisation);
    if (!party || party->role == PartyRole::City)
      return invalid("roster.party_invalid", "体制表は乙または丙が提出します",
                     "rosters are kept by the contractor or a subcontractor")
          .with("organisation", c.organisation);
    TRY(check_roster(state, *contract, c.organisation, c.roster));
    const auto* latest = state.latest_roster(c.contract, c.organisation);
    const auto next_json = to_json(c.roster);
    if (latest && to_json(latest->roster) == next_json)
      return conflict("roster.unchanged", "前の版から変更がありません", "nothing changed since the previous version");
    RosterVersion version;
    version.contract = c.contract;
    version.organisation = c.organisation;
    version.version = latest ? latest->version + 1 : 1;
    version.roster = c.roster;
    version.note = c.note;
    const auto changes = describe_roster_changes(state, latest ? latest->roster : Roster{}, c.roster);
    std::vector events{
        make_event(RosterVersionSubmitted{c.organisation, version.version, c.roster, c.note}, actor, now, c.contract),
        roster_notification(state, *contract, version, changes, actor, now, 0)};
    // Whoever the new version leaves out returns their badge (木更津市 第11条(1)).
    std::size_t notifications = 1;
    for (auto& due : badges_due_after_roster(state, *contract, c.organisation, c.roster, actor, now, notifications))
      events.push_back(std::move(due));
    return events;
  }

  Result<std::vector<Event>> operator()(const AcknowledgeRoster& c) const {
    const auto* contract = state.contract(c.contract);
    if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
    auto it = contract->rosters.find(c.organisation);
    if (it == contract->rosters.end() || c.version < 1 || c.version > static_cast<int>(it->second.size()))
      return not_found("roster.version_unknown", "その版の体制表はありません", "no such roster version",
                       fmt::format("{}:{}", c.organisation, c.version));
    if (it->second[c.version - 1].acknowledged_by)
      return conflict("roster.already_acknowledged", "この版はすでに受領済みです",
                      "this version is already acknowledged");
    const auto* person = state.person(c.by);
    if (!person || !contract->city() || person->organisation != contract->city()->organisation || !person->active())
      return invalid("roster.acknowledger_invalid", "受領を記録できるのは甲（市）の職員です",
                     "only a person of the city (甲) can acknowledge a roster")
          .with("by", c.by);
    return std::vector{make_event(RosterAcknowledged{c.organisation, c.version, c.by}, actor, now, c.contract)};
  }

  // --- Authentication and roles ---

  Result<const User*> active_user(const std::string& login) const {
    const auto* user = state.user(login);
    if (!user) return not_found("user.unknown", "ユーザーが見つかりません", "no such user", login);
    if (user->disabled)
      return conflict("user.disabled", "このユーザーは無効にされています", "this user is disabled")
          .with("login", login);
    return user;
  }

  Result<std::vector<Event>> operator()(const GrantAdmin& c) const {
    const auto* user = TRY(active_user(c.login));
    if (user->admin)
      return conflict("user.already_admin", "このユーザーはすでに管理者です", "this user is already an administrator")
          .with("login", c.login);
    return std::vector{make_event(UserAdminGranted{{c.login}}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const DisableUser& c) const {
    const auto* user = state.user(c.login);
    if (!user) return not_found("user.unknown", "ユーザーが見つかりません", "no such user", c.login);
    if (user->disabled)
      return conflict("user.already_disabled", "このユーザーはすでに無効です", "this user is already disabled")
          .with("login", c.login);
    return std::vector{make_event(UserDisabled{{c.login}}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const RecordCredentialChange& c) const {
    TRY(active_user(c.login));
    switch (c.change) {
      case CredentialChange::PasswordSet: return std::vector{make_event(UserPasswordSet{{c.login}}, actor, now, "")};
      case CredentialChange::TotpEnabled: return std::vector{make_event(UserTotpEnabled{{c.login}}, actor, now, "")};
      case CredentialChange::TotpDisabled: break;
    }
    return std::vector{make_event(UserTotpDisabled{{c.login}}, actor, now, "")};
  }

  // The person, contract and role of a grant or revocation, checked.
  Result<void> check_grant(const std::string& person_id, const std::string& contract_id,
                           const std::string& role) const {
    if (!is_city_role(role))
      return invalid("role.invalid", "役割は city_officer, city_approver, city_auditor のいずれかです",
                     "role is one of city_officer, city_approver, city_auditor")
          .with("value", role);
    const auto* contract = state.contract(contract_id);
    if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", contract_id);
    if (!state.person(person_id)) return not_found("person.unknown", "人が見つかりません", "no such person", person_id);
    return ok();
  }

  bool granted(const std::string& person, const std::string& contract, const std::string& role) const {
    auto by_contract = state.role_grants.find(contract);
    if (by_contract == state.role_grants.end()) return false;
    auto roles = by_contract->second.find(person);
    return roles != by_contract->second.end() && roles->second.contains(role);
  }

  Result<std::vector<Event>> operator()(const GrantRole& c) const {
    TRY(check_grant(c.person, c.contract, c.role));
    const auto* person = state.person(c.person);
    const auto* city = state.contract(c.contract)->city();
    if (!city || person->organisation != city->organisation)
      return invalid("role.not_city_person", "市の役割を付与できるのは、その契約の甲（市）の職員だけです",
                     "city roles can be granted only to people of the contract's city (甲)")
          .with("person", c.person)
          .with("contract", c.contract);
    if (!person->active())
      return invalid("role.person_departed", "退任・転出した人に役割を付与することはできません",
                     "a person who has left cannot be granted a role")
          .with("person", c.person);
    if (granted(c.person, c.contract, c.role))
      return conflict("role.already_granted", "この役割はすでに付与されています", "this role is already granted")
          .with("person", c.person)
          .with("role", c.role);
    return std::vector{make_event(RoleGranted{{c.person, c.role}}, actor, now, c.contract)};
  }

  Result<std::vector<Event>> operator()(const RevokeRole& c) const {
    TRY(check_grant(c.person, c.contract, c.role));
    if (!granted(c.person, c.contract, c.role))
      return not_found("role.not_granted", "その役割は付与されていません", "that role is not granted",
                       c.person + ":" + c.role);
    return std::vector{make_event(RoleRevoked{{c.person, c.role}}, actor, now, c.contract)};
  }

  Result<std::vector<Event>> operator()(const RecordSignIn& c) const {
    if (!state.user(c.login)) return not_found("user.unknown", "ユーザーが見つかりません", "no such user", c.login);
    if (c.method != "password" && c.method != "password+totp")
      return invalid("auth.method_invalid", "認証方式が正しくありません", "unknown sign-in method")
          .with("value", c.method);
    return std::vector{make_event(SignedIn{c.login, c.remote, c.method}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const RecordSignInFailure& c) const {
    static const std::set<std::string> kReasons = {"unknown_login", "bad_password", "no_password",
                                                   "disabled",      "locked",       "address_throttled",
                                                   "totp_required", "totp_invalid", "totp_reused"};
    // Only the login of an existing user is recorded: what someone typed into the login
    // field may be a password.
    if (!c.login.empty() && !state.user(c.login))
      return not_found("user.unknown", "ユーザーが見つかりません", "no such user", c.login);
    if (!kReasons.contains(c.reason))
      return invalid("auth.reason_invalid", "失敗の理由が正しくありません", "unknown sign-in failure reason")
          .with("value", c.reason);
    return std::vector{make_event(SignInFailed{c.login, c.remote, c.reason}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const CreateToken& c) const {
    TRY(check_id(c.id, "id"));
    if (state.tokens.contains(c.id))
      return conflict("token.exists", "そのIDのトークンはすでにあります", "a token with that id exists")
          .with("id", c.id);
    const auto* user = TRY(active_user(c.login));
    if (!state.organisation(c.organisation))
      return not_found("organisation.unknown", "団体が見つかりません", "no such organisation", c.organisation);
    const auto* person = state.person(user->person);
    if (!user->admin && (!person || person->organisation != c.organisation))
      return invalid("token.not_member", "トークンは利用者本人の所属団体についてだけ発行できます",
                     "a token can be issued only for the user's own organisation")
          .with("login", c.login)
          .with("organisation", c.organisation);
    if (!c.contract.empty()) {
      const auto* contract = state.contract(c.contract);
      if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
      if (!contract->party(c.organisation))
        return invalid("token.contract_not_party", "その団体はこの契約の当事者ではありません",
                       "the organisation is not a party to this contract")
            .with("organisation", c.organisation)
            .with("contract", c.contract);
    }
    std::set<TokenScope> scopes;
    for (const auto& name : c.scopes) {
      const auto scope = token_scope(name);
      if (!scope)
        return invalid("token.scope_invalid", "トークンの用途は read, decide, access_report から選んでください",
                       "a token's scopes are read, decide and access_report")
            .with("scope", name);
      scopes.insert(*scope);
    }
    if (scopes.empty()) scopes = default_token_scopes();
    // Recorded in full, so that the ledger alone says what the token could do.
    std::vector<std::string> names;
    names.reserve(scopes.size());
    for (const auto scope : scopes) names.emplace_back(to_string(scope));
    return std::vector{
        make_event(TokenCreated{c.id, c.login, c.organisation, c.contract, c.label, std::move(names)}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const RevokeToken& c) const {
    auto it = state.tokens.find(c.id);
    if (it == state.tokens.end()) return not_found("token.unknown", "トークンが見つかりません", "no such token", c.id);
    if (it->second.revoked)
      return conflict("token.already_revoked", "このトークンはすでに失効しています", "this token is already revoked")
          .with("id", c.id);
    return std::vector{make_event(TokenRevoked{{c.id}}, actor, now, "")};
  }

  Result<std::vector<Event>> operator()(const RecordTokenUse& c) const {
    auto it = state.tokens.find(c.id);
    if (it == state.tokens.end() || it->second.revoked)
      return not_found("token.unknown", "有効なトークンが見つかりません", "no such valid token", c.id);
    return std::vector{make_event(TokenUsed{{c.id}}, actor, now, "")};
  }

  // --- Information assets: asset_commands.cpp ---
  Result<std::vector<Event>> operator()(const DefineAssetClass& c) const { return decide_asset(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RegisterAsset& c) const { return decide_asset(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const TransferAssets& c) const { return decide_asset(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const AcknowledgeTransfer& c) const {
    return decide_asset(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const NotifyDenial& c) const { return decide_asset(state, c, actor, now); }

  // --- ID badges: badges.cpp ---
  Result<std::vector<Event>> operator()(const IssueBadge& c) const { return decide_badge(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const ReturnBadge& c) const { return decide_badge(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const ReportBadgeLost& c) const { return decide_badge(state, c, actor, now); }

  Result<std::vector<Event>> operator()(const IssueDocument& c) const {
    const auto* contract = state.contract(c.contract);
    if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", c.contract);
    // Receipts are the only documents so far; a later kind names the event it documents here.
    if (c.kind != "receipt")
      return invalid("document.kind_unknown", "文書の種類が正しくありません", "unknown kind of document")
          .with("kind", c.kind);
    const bool is_receipt = std::any_of(contract->transfers.begin(), contract->transfers.end(),
                                        [&](const auto& t) { return t.second.receipt_index == c.of && c.of != 0; });
    if (!is_receipt)
      return not_found("receipt.not_a_receipt", "その台帳記録は受領証ではありません",
                       "that ledger entry is not a receipt", std::to_string(c.of));
    const bool hex = c.sha256.size() == 64 && std::all_of(c.sha256.begin(), c.sha256.end(), [](char ch) {
                       return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
                     });
    if (!hex || c.size == 0)
      return invalid("document.hash_invalid", "文書のハッシュ値が正しくありません",
                     "the document's hash is not a SHA-256 in hexadecimal");
    // One file per fact: the receipt handed out is the one the ledger names, and every later
    // download gives those same bytes.
    if (state.document_of(c.kind, c.of) || state.document(c.sha256))
      return conflict("document.already_issued", "この文書はすでに発行されています", "this document is already issued")
          .with("of", std::to_string(c.of));
    return std::vector{make_event(DocumentIssued{c.kind, c.of, c.sha256, c.size}, actor, now, c.contract)};
  }
};

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

Result<std::vector<Event>> decide(const State& state, const Command& command, const Actor& actor, Timestamp now) {
  TRY(std::visit([](const auto& c) { return check_declared_lengths(c); }, command));
  return std::visit(Decider{state, actor, now}, command);
}

}  // namespace itaku::domain
