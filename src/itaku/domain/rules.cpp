#include "itaku/domain/rules.hpp"

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

std::string notification_id(const State& state, std::size_t offset) {
  return fmt::format("n-{:06d}", state.notifications.size() + 1 + offset);
}

Error denied(std::string code, std::string ja, std::string en) {
  return make_error(ErrorKind::Denied, std::move(code), std::move(ja), std::move(en));
}

}  // namespace itaku::domain::rules
