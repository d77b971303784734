#include "itaku/web/render.hpp"

#include <kainjow/mustache.hpp>

#include "itaku/web/assets.hpp"

namespace itaku::web {

namespace {

namespace mustache = kainjow::mustache;

mustache::data to_mustache(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data out{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) out.set(key, to_mustache(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mustache::data out{mustache::data::type::list};
      for (const auto& item : value) out.push_back(to_mustache(item));
      return out;
    }
    case nlohmann::json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      // An empty string is "not there": kainjow would otherwise treat it as true.
      if (text.empty()) return mustache::data(false);
      return mustache::data(text);
    }
    case nlohmann::json::value_t::boolean: return mustache::data(value.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return mustache::data(value.dump());
    default: return mustache::data(false);
  }
}

}  // namespace

Result<std::string> render_template(std::string_view name, const nlohmann::json& data) {
  const auto source = asset("templates/" + std::string(name) + ".mustache");
  if (!source)
    return make_error(ErrorKind::Internal, "web.template_unknown", "画面のテンプレートが見つかりません",
                      "no such page template")
        .with("template", std::string(name));
  auto root = to_mustache(data);
  if (!root.is_object()) root = mustache::data(mustache::data::type::object);
  for (const auto& path : asset_paths("templates/_")) {
    const auto partial_name = path.substr(std::string_view("templates/").size());
    const auto stem = partial_name.substr(0, partial_name.rfind('.'));
    root.set(stem, mustache::data(std::string(*asset(path))));
  }
  mustache::mustache tmpl{std::string(*source)};
  if (!tmpl.is_valid())
    return make_error(ErrorKind::Internal, "web.template_failed", "画面のテンプレートに誤りがあります",
                      "a page template is malformed")
        .with("template", std::string(name))
        .with("detail", tmpl.error_message());
  auto out = tmpl.render(root);
  if (!tmpl.is_valid())
    return make_error(ErrorKind::Internal, "web.template_failed", "画面のテンプレートに誤りがあります",
                      "a page template is malformed")
        .with("template", std::string(name))
        .with("detail", tmpl.error_message());
  return out;
}

}  // namespace itaku::web
