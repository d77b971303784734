#pragma once
// Renders the mustache templates of web/templates/ (kainjow mustache) from JSON view data.
// Templates whose name starts with "_" are partials, available to every template as
// {{> _name}} (recursive ones too: the party tree of a contract is one).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "itaku/core/result.hpp"

namespace itaku::web {

// Renders web/templates/<name>.mustache. In the data, objects, arrays, strings and booleans
// keep their meaning; numbers become text; null and "" are false, so that {{#x}}…{{/x}}
// shows only what is there. {{x}} escapes HTML; {{{x}}} is used only for HTML this module
// rendered itself. web.template_unknown / web.template_failed are bugs of the templates.
Result<std::string> render_template(std::string_view name, const nlohmann::json& data);

}  // namespace itaku::web
