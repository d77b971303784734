#include "itaku/domain/event.hpp"

namespace itaku::domain {

Result<CanonicalJson> to_canonical(const Event& event) { return to_canonical(Event(event)); }

Result<CanonicalJson> to_canonical(Event&& event) {
  nlohmann::json value = {{"type", std::move(event.type)},
                          {"v", event.version},
                          {"actor", std::move(event.actor)},
                          {"at", format_utc(event.at)},
                          {"data", std::move(event.data)}};
  if (!event.contract.empty()) value["contract"] = std::move(event.contract);
  if (!event.via.empty()) value["via"] = std::move(event.via);
  return CanonicalJson::from_object(value);
}

Error malformed_event(const Event& event, const schema::Problem& problem) {
  return make_error(ErrorKind::Invalid, "event.malformed", "イベントの形式が正しくありません", "the event is malformed")
      .with("type", event.type)
      .with("member", problem.path)
      .with("detail", schema::describe(problem));
}

Result<Event> event_from_json(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("type") || !value.contains("data") || !value.contains("actor"))
    return make_error(ErrorKind::Invalid, "event.not_domain", "業務イベントではありません", "not a domain event");
  Event event;
  try {
    event.type = value.at("type").get<std::string>();
    event.version = value.value("v", 1);
    event.actor = value.at("actor").get<std::string>();
    event.at = TRY(parse_utc(value.at("at").get<std::string>()));
    event.contract = value.value("contract", "");
    event.data = value.at("data");
    event.via = value.value("via", "");
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Invalid, "event.malformed", "イベントの形式が正しくありません",
                      "the event is malformed")
        .with("detail", e.what());
  }
  return event;
}

}  // namespace itaku::domain
