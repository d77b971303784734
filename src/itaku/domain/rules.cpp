#include "itaku/domain/rules.hpp"

#include <chrono>

#include <fmt/format.h>

#include "itaku/domain/commands.hpp"

namespace itaku::domain::rules {

Error invalid(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Invalid, std::move(code), std::move(ja), std::move(en));
}
Error not_found(std::string code, std::string ja, std::string en, const std::string& id) {
  return make_error(ErrorKind::NotFound, std::move(code), std::move(ja), std::move(en)).with("id", id);
}
Error conflict(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Conflict, std::move(code), std::move(ja), std::move(en));
}

Result<void> check_id(const std::string& id, const char* what) {
  if (!valid_id(id))
    return invalid("id.invalid", "IDは英小文字・数字・「.」「_」「-」の1〜64文字にしてください",
                   "ids are 1–64 characters of a-z, 0-9, '.', '_' and '-'")
        .with("field", what)
        .with("value", id);
  return ok();
}

Error too_long(std::string_view field, std::size_t max) {
  return invalid("field.too_long", "項目が長すぎます（" + std::to_string(max) + "文字まで）",
                 "a field is too long (at most " + std::to_string(max) + " characters)")
      .with("field", std::string(field))
      .with("max", std::to_string(max));
}

Result<void> check_required(const std::string& value, const char* field) {
  if (value.empty())
    return invalid("field.required", "必須の項目が空です", "a required field is empty").with("field", field);
  return ok();
}

Result<void> check_text(const std::string& value, const char* field, std::size_t max) {
  TRY(check_required(value, field));
  if (schema::code_points(value) > max) return too_long(field, max);
  return ok();
}

Result<const Contract*> open_contract(const State& state, const std::string& id) {
  const auto* contract = state.contract(id);
  if (!contract) return not_found("contract.unknown", "契約が見つかりません", "no such contract", id);
  if (contract->state == ContractState::Closed)
    return conflict("contract.closed", "この契約は終了しています", "the contract is closed").with("contract", id);
  return contract;
}

std::optional<ContractControl> contract_control(const State& state, const Contract& contract, std::string_view id) {
  const auto* set = state.provision_set(contract.provisions.name, contract.provisions.version);
  if (!set) return std::nullopt;
  for (const auto& clause : set->clauses)
    for (const auto& control : clause.controls)
      if (control.id == id)
        return ContractControl{set->municipality + " " + (control.cites.empty() ? clause.number : control.cites),
                               &control};
  return std::nullopt;
}

Result<void> check_party_person(const State& state, const Contract& contract, const std::string& person_id,
                                std::string_view code, const char* field) {
  const auto* person = state.person(person_id);
  if (!person)
    return not_found("person.unknown", "人が見つかりません", "no such person", person_id).with("field", field);
  if (!contract.party(person->organisation))
    return invalid(fmt::format("{}.person_not_party", code), "契約の当事者の人を指定してください",
                   "name a person of one of the contract's parties")
        .with("person", person_id)
        .with("field", field);
  return ok();
}

Result<void> check_past_day(const std::string& day, Timestamp now, std::string_view code, const char* field) {
  auto date = parse_date(day);
  if (!date) return std::move(date.release_error()).with("field", field);
  if (std::chrono::sys_days(date.value()) > std::chrono::sys_days(jst_date(now)))
    return invalid(fmt::format("{}.date_future", code), "未来の日付は指定できません", "the day is not in the future")
        .with("field", field);
  return ok();
}

std::string actor_person(const Actor& actor) {
  constexpr std::string_view kPerson = "person:";
  return actor.id.starts_with(kPerson) ? actor.id.substr(kPerson.size()) : std::string();
}

Result<std::string> acting_party(const State& state, const Contract& contract, const std::string& organisation,
                                 const Actor& actor, std::string code, std::string ja, std::string en) {
  std::string party_id = organisation;
  if (party_id.empty())
    if (const auto* person = state.person(actor_person(actor))) party_id = person->organisation;
  const auto* party = contract.party(party_id);
  if (party_id.empty() || !party || party->role == PartyRole::City)
    return invalid(std::move(code), std::move(ja), std::move(en))
        .with("organisation", party_id)
        .with("field", "organisation");
  return party_id;
}

std::string notification_id(const State& state, std::size_t offset) {
  return fmt::format("n-{:06d}", state.notifications.size() + 1 + offset);
}

Error denied(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Denied, std::move(code), std::move(ja), std::move(en));
}

}  // namespace itaku::domain::rules
