#pragma once
// A struct's members declared once — each member's name, type and presence — and, derived
// from that one declaration, its JSON encoding and a decoding that refuses the first missing
// or mistyped member by its path ("roster.locations.2.hours"). Events describe themselves this
// way (domain/*_events.hpp), so that a member is written and read under one spelling.
//
//   struct PersonDeparted {
//     static constexpr std::string_view kType = "person.departed";
//     std::string id, reason, effective;
//     static constexpr auto members() {
//       using T = PersonDeparted;
//       return std::tuple{schema::member("id", &T::id), schema::member("reason", &T::reason), …};
//     }
//   };
//
// A member may also say what it means to people and what it must satisfy: its Japanese and
// English label and help and its format (Doc). Commands do (domain/commands.hpp): the API's body,
// the web forms, the CLI's options and the OpenAPI schemas (json_schema) all come from there.
//
// Supported member types: std::string, bool (a JSON boolean, or "yes"/"no" with yes_no), int,
// std::int64_t, std::uint64_t, Timestamp, std::vector<T>, std::map<K, V> (an object; keys written
// as text), std::optional<T> (absent when empty), described structs, and any type with a Codec
// specialisation (enumerations name theirs with `EnumCodec`). Encoding builds a nlohmann::json
// value; the canonical byte form (canonical_json.hpp) sorts members, so the order of declaration
// does not change an event's bytes.

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "itaku/core/clock.hpp"
#include "itaku/core/json_member.hpp"
#include "itaku/core/result.hpp"

namespace itaku::schema {

// Encodes T into JSON, decodes it back and describes it as a JSON Schema (2020-12, as OpenAPI
// 3.1 uses it); specialise for types the generic cases do not cover.
template <class T, class Enable = void>
struct Codec;

// A text in both languages of the product.
struct Text {
  std::string_view ja, en;
  constexpr bool empty() const { return ja.empty() && en.empty(); }
};

// What a text member holds, for the forms' inputs, the CLI's help and the schemas' "format":
// Id is an identifier chosen by users (1–64 of [a-z0-9._-], starting with a letter or digit);
// Date is YYYY-MM-DD; DateOrTime a date or a UTC time; Reference the id of something recorded
// (a person, an organisation, an asset …; `refers` says what).
enum class Format { Text, Multiline, Id, Date, DateOrTime, Email, Reference, Digest };

// What a member means to people and what it must satisfy beyond its type. Decoding checks the
// type only; the domain's rules enforce the rest (max_length for every command:
// rules::check_declared_lengths), with the codes and clauses of their refusals.
struct Doc {
  Text label;
  Text help;
  Format format = Format::Text;
  std::string_view refers;     // Reference: "person", "organisation", "asset", …
  std::size_t max_length = 0;  // characters (code points); 0: no bound beyond the input's own
};

// How many characters (Unicode code points) UTF-8 text holds.
inline std::size_t code_points(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  return count;
}

namespace detail {
template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};
}  // namespace detail

// One member: its name in JSON, where it lives in the struct, whether it must be present, and
// how its value is written (its type's Codec unless the member says otherwise, as yes_no does).
// Presence::OmitEmpty marks a member added after events without it were recorded: it reads as
// empty when absent and is written only when not empty, so those events keep their bytes.
template <class Owner, class T, class C = Codec<T>>
struct Member {
  std::string_view name;
  T Owner::*pointer = nullptr;
  Presence presence = Presence::Required;
  Doc doc = {};

  // schema::member("name", &T::name).label("氏名", "Name").max_length(100)
  constexpr Member label(std::string_view ja, std::string_view en) const {
    return with([&](Doc& d) { d.label = {ja, en}; });
  }
  constexpr Member help(std::string_view ja, std::string_view en) const {
    return with([&](Doc& d) { d.help = {ja, en}; });
  }
  constexpr Member format(Format format) const {
    return with([&](Doc& d) { d.format = format; });
  }
  constexpr Member refers(std::string_view what) const {
    return with([&](Doc& d) {
      d.format = Format::Reference;
      d.refers = what;
    });
  }
  constexpr Member max_length(std::size_t n) const {
    return with([&](Doc& d) { d.max_length = n; });
  }
  constexpr bool required() const { return presence == Presence::Required && !detail::IsOptional<T>::value; }

 private:
  template <class F>
  constexpr Member with(F change) const {
    Member copy = *this;
    change(copy.doc);
    return copy;
  }
};

template <class Owner, class T>
constexpr Member<Owner, T> member(std::string_view name, T Owner::*pointer, Presence presence = Presence::Required) {
  return {name, pointer, presence};
}

// A type that lists its members.
template <class T>
concept Described = requires {
  T::members();
};

// Why a value does not decode: what is wrong, and where.
struct Problem {
  enum class Kind { Missing, Type, Value };
  Kind kind = Kind::Type;
  std::string path;    // "roster.workers.0.from"
  std::string detail;  // for Value: what was wrong with it
};

// Decodes `json` into `out`; the problem, if any, names `path`.
template <class T>
std::optional<Problem> decode_into(const nlohmann::json& json, T& out, const std::string& path) {
  return Codec<T>::decode(json, out, path);
}

template <class T>
nlohmann::json encode(const T& value) {
  return Codec<T>::encode(value);
}

inline std::string child_path(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

inline Problem wrong_type(const std::string& path) { return Problem{Problem::Kind::Type, path, {}}; }

template <>
struct Codec<std::string> {
  static nlohmann::json json_schema() { return {{"type", "string"}}; }
  static nlohmann::json encode(const std::string& value) { return value; }
  static std::optional<Problem> decode(const nlohmann::json& json, std::string& out, const std::string& path) {
    if (!json.is_string()) return wrong_type(path);
    out = json.get_ref<const std::string&>();
    return std::nullopt;
  }
};

template <>
struct Codec<bool> {
  static nlohmann::json json_schema() { return {{"type", "boolean"}}; }
  static nlohmann::json encode(bool value) { return value; }
  static std::optional<Problem> decode(const nlohmann::json& json, bool& out, const std::string& path) {
    if (!json.is_boolean()) return wrong_type(path);
    out = json.get<bool>();
    return std::nullopt;
  }
};

// A flag as events write it: "yes" or "no", not a JSON boolean (see yes_no).
struct YesNoCodec {
  static nlohmann::json json_schema() { return {{"type", "string"}, {"enum", {"yes", "no"}}}; }
  static nlohmann::json encode(bool value) { return value ? "yes" : "no"; }
  static std::optional<Problem> decode(const nlohmann::json& json, bool& out, const std::string& path) {
    if (!json.is_string()) return wrong_type(path);
    const auto& text = json.get_ref<const std::string&>();
    if (text != "yes" && text != "no") return Problem{Problem::Kind::Value, path, "yes or no"};
    out = text == "yes";
    return std::nullopt;
  }
};

// A bool member written as "yes" / "no".
template <class Owner>
constexpr Member<Owner, bool, YesNoCodec> yes_no(std::string_view name, bool Owner::*pointer,
                                                 Presence presence = Presence::Required) {
  return {name, pointer, presence};
}

template <class T>
struct Codec<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static nlohmann::json json_schema() {
    nlohmann::json schema = {{"type", "integer"}};
    if constexpr (std::is_unsigned_v<T>) schema["minimum"] = 0;
    return schema;
  }
  static nlohmann::json encode(T value) { return value; }
  static std::optional<Problem> decode(const nlohmann::json& json, T& out, const std::string& path) {
    if (!json.is_number_integer()) return wrong_type(path);
    if constexpr (std::is_unsigned_v<T>) {
      if (!json.is_number_unsigned()) return Problem{Problem::Kind::Value, path, "not negative"};
      const auto value = json.get<std::uint64_t>();
      if (value > std::numeric_limits<T>::max()) return Problem{Problem::Kind::Value, path, "too large"};
      out = static_cast<T>(value);
    } else {
      const auto value = json.get<std::int64_t>();
      if (json.is_number_unsigned() &&
          json.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return Problem{Problem::Kind::Value, path, "too large"};
      if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max())
        return Problem{Problem::Kind::Value, path, "out of range"};
      out = static_cast<T>(value);
    }
    return std::nullopt;
  }
};

// A time as the ledger writes it: "2026-11-22T05:31:12.000000Z".
template <>
struct Codec<Timestamp> {
  static nlohmann::json json_schema() { return {{"type", "string"}, {"format", "date-time"}}; }
  static nlohmann::json encode(Timestamp value) { return format_utc(value); }
  static std::optional<Problem> decode(const nlohmann::json& json, Timestamp& out, const std::string& path) {
    if (!json.is_string()) return wrong_type(path);
    auto parsed = parse_utc(json.get_ref<const std::string&>());
    if (!parsed) return Problem{Problem::Kind::Value, path, "a UTC time"};
    out = *parsed;
    return std::nullopt;
  }
};

template <class T>
struct Codec<std::vector<T>> {
  static nlohmann::json json_schema() { return {{"type", "array"}, {"items", Codec<T>::json_schema()}}; }
  static nlohmann::json encode(const std::vector<T>& values) {
    auto list = nlohmann::json::array();
    for (const auto& value : values) list.push_back(Codec<T>::encode(value));
    return list;
  }
  static std::optional<Problem> decode(const nlohmann::json& json, std::vector<T>& out, const std::string& path) {
    if (!json.is_array()) return wrong_type(path);
    out.clear();
    out.reserve(json.size());
    for (std::size_t i = 0; i < json.size(); ++i) {
      T value{};
      if (auto problem = Codec<T>::decode(json[i], value, path + "." + std::to_string(i))) return problem;
      out.push_back(std::move(value));
    }
    return std::nullopt;
  }
};

// A map written as a JSON object: each key is written by its type's Codec, which must write
// text (a string, or an enumeration with an EnumCodec); a key that does not read is refused by
// its path ("definition.actions.teleport"), as is a value. The schema names the keys
// (propertyNames) and their values (additionalProperties).
template <class K, class V>
struct Codec<std::map<K, V>> {
  static nlohmann::json json_schema() {
    auto keys = Codec<K>::json_schema();
    keys.erase("type");
    nlohmann::json schema = {{"type", "object"}, {"additionalProperties", Codec<V>::json_schema()}};
    if (!keys.empty()) schema["propertyNames"] = std::move(keys);
    return schema;
  }
  static nlohmann::json encode(const std::map<K, V>& values) {
    auto object = nlohmann::json::object();
    for (const auto& [key, value] : values)
      object[Codec<K>::encode(key).template get<std::string>()] = Codec<V>::encode(value);
    return object;
  }
  static std::optional<Problem> decode(const nlohmann::json& json, std::map<K, V>& out, const std::string& path) {
    if (!json.is_object()) return wrong_type(path);
    out.clear();
    for (const auto& [name, item] : json.items()) {
      const auto item_path = child_path(path, name);
      K key{};
      if (auto problem = Codec<K>::decode(nlohmann::json(name), key, item_path)) return problem;
      V value{};
      if (auto problem = Codec<V>::decode(item, value, item_path)) return problem;
      out.emplace(std::move(key), std::move(value));
    }
    return std::nullopt;
  }
};

// An enumeration written as text: `to_text` and `from_text` are the enumeration's own
// functions (to_string / its parser). Specialise Codec<E> as `struct Codec<E> : EnumCodec<…>`.
// The schema lists the values 0, 1, 2, … up to the first that does not read back as itself: the
// enumerations this is for have no explicit values, and to_text answers an unknown one with a
// name of another.
template <class E, auto to_text, auto from_text>
struct EnumCodec {
  static nlohmann::json json_schema() {
    auto values = nlohmann::json::array();
    for (int i = 0; i < 64; ++i) {
      const auto value = static_cast<E>(i);
      if (from_text(to_text(value)) != value) break;
      values.push_back(std::string(to_text(value)));
    }
    return {{"type", "string"}, {"enum", std::move(values)}};
  }
  static nlohmann::json encode(E value) { return std::string(to_text(value)); }
  static std::optional<Problem> decode(const nlohmann::json& json, E& out, const std::string& path) {
    if (!json.is_string()) return wrong_type(path);
    auto value = from_text(json.get_ref<const std::string&>());
    if (!value) return Problem{Problem::Kind::Value, path, "unknown value"};
    out = *value;
    return std::nullopt;
  }
};

namespace detail {

// Adds what `doc` says to a member's schema: title and description (English; the Japanese as
// x-label-ja and x-help-ja), maxLength, and the format or pattern.
void describe_in_schema(const Doc& doc, nlohmann::json& schema);

template <class T>
bool is_empty(const T& value) {
  if constexpr (requires { value.empty(); })
    return value.empty();
  else if constexpr (requires { value == T{}; })
    return value == T{};
  else
    return false;  // a struct is never left out
}

}  // namespace detail

// A described struct: an object with its declared members. Members it does not declare are
// ignored when read (a newer release's addition must not stop an older one from reading).
template <Described T>
struct Codec<T> {
  // An object with its declared members; those that must be present are "required".
  static nlohmann::json json_schema() {
    nlohmann::json properties = nlohmann::json::object();
    auto required = nlohmann::json::array();
    std::apply(
        [&](const auto&... m) {
          ((properties[std::string(m.name)] = member_schema(m), m.required() ? required.push_back(m.name) : void()),
           ...);
        },
        T::members());
    nlohmann::json schema = {{"type", "object"}, {"properties", std::move(properties)}};
    if (!required.empty()) schema["required"] = std::move(required);
    return schema;
  }
  static nlohmann::json encode(const T& value) {
    auto object = nlohmann::json::object();
    std::apply([&](const auto&... m) { (encode_member(object, value, m), ...); }, T::members());
    return object;
  }
  static std::optional<Problem> decode(const nlohmann::json& json, T& out, const std::string& path) {
    if (!json.is_object()) return wrong_type(path);
    std::optional<Problem> problem;
    std::apply([&](const auto&... m) { ((problem = problem ? problem : decode_member(json, out, m, path)), ...); },
               T::members());
    return problem;
  }

 private:
  template <class M, class C>
  static void encode_member(nlohmann::json& object, const T& value, const Member<T, M, C>& m) {
    const auto& field = value.*(m.pointer);
    if constexpr (detail::IsOptional<M>::value) {
      if (field) object[std::string(m.name)] = Codec<typename M::value_type>::encode(*field);
    } else {
      if (m.presence == Presence::OmitEmpty && detail::is_empty(field)) return;
      object[std::string(m.name)] = C::encode(field);
    }
  }
  template <class M, class C>
  static std::optional<Problem> decode_member(const nlohmann::json& json, T& out, const Member<T, M, C>& m,
                                              const std::string& path) {
    auto& field = out.*(m.pointer);
    const auto found = json.find(m.name);
    const auto member_path = child_path(path, m.name);
    if (found == json.end()) {
      if (m.presence == Presence::Required && !detail::IsOptional<M>::value)
        return Problem{Problem::Kind::Missing, member_path, {}};
      field = M{};
      return std::nullopt;
    }
    if constexpr (detail::IsOptional<M>::value) {
      typename M::value_type value{};
      if (auto problem = Codec<typename M::value_type>::decode(*found, value, member_path)) return problem;
      field = std::move(value);
      return std::nullopt;
    } else {
      return C::decode(*found, field, member_path);
    }
  }
  template <class M, class C>
  static nlohmann::json member_schema(const Member<T, M, C>& m) {
    nlohmann::json schema;
    if constexpr (detail::IsOptional<M>::value)
      schema = Codec<typename M::value_type>::json_schema();
    else
      schema = C::json_schema();
    detail::describe_in_schema(m.doc, schema);
    return schema;
  }
};

// "the member roster.workers.0.from is missing" and the like, in English; for error context.
std::string describe(const Problem& problem);

}  // namespace itaku::schema
