#include "unit/web/page_fixture.hpp"

#include <map>
#include <optional>
#include <regex>

#include "itaku/api/session.hpp"
#include "itaku/web/i18n.hpp"
#include "itaku/web/pages.hpp"

namespace itaku::testing {

namespace {

constexpr const char* kAddress = "192.0.2.20";

}  // namespace

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [key, value] : fields)
    out += (out.empty() ? "" : "&") + http::percent_encode(key) + "=" + http::percent_encode(value);
  return out;
}

std::string slice(const std::string& html, const std::string& start, const std::string& end) {
  const auto from = html.find(start);
  if (from == std::string::npos) return {};
  const auto until = html.find(end, from);
  return html.substr(from, until == std::string::npos ? std::string::npos : until - from);
}

namespace {

std::string unescape_html(std::string text) {
  static const std::pair<const char*, const char*> kEntities[] = {{"&lt;", "<"},  {"&gt;", ">"},   {"&quot;", "\""},
                                                                  {"&#39;", "'"}, {"&#x27;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, plain] : kEntities)
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1))
      text.replace(at, std::string_view(entity).size(), plain);
  return text;
}

std::string attribute(const std::string& tag, const std::string& name) {
  std::smatch m;
  if (!std::regex_search(tag, m, std::regex("\\s" + name + "=\"([^\"]*)\""))) return {};
  return unescape_html(m[1]);
}

bool has_attribute(const std::string& tag, const std::string& name) {
  return std::regex_search(tag, std::regex("\\s" + name + "([\\s>=]|$)"));
}

}  // namespace

std::vector<std::pair<std::string, std::string>> submitted_fields(const std::string& page, const std::string& marker) {
  const auto start = page.find(marker);
  if (start == std::string::npos) return {};
  const auto open = page.rfind("<form", start);
  auto html = page.substr(open, page.find("</form>", start) - open);
  // Templates are not part of the form.
  for (auto t = html.find("<template"); t != std::string::npos; t = html.find("<template", t))
    html.erase(t, html.find("</template>", t) + std::string_view("</template>").size() - t);
  std::vector<std::pair<std::string, std::string>> out;
  const std::regex control(R"re(<(input|select|textarea)\b[^>]*>)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), control); it != std::sregex_iterator(); ++it) {
    const auto tag = it->str();
    const auto kind = (*it)[1].str();
    const auto name = attribute(tag, "name");
    if (name.empty() || name == "csrf_token") continue;
    const auto at = static_cast<std::size_t>(it->position());
    if (kind == "input") {
      const auto type = attribute(tag, "type");
      if ((type == "checkbox" || type == "radio") && !has_attribute(tag, "checked")) continue;
      if (type == "submit" || type == "button" || type == "file") continue;
      out.emplace_back(name, attribute(tag, "value"));
    } else if (kind == "textarea") {
      const auto body = at + tag.size();
      out.emplace_back(name, unescape_html(html.substr(body, html.find("</textarea>", body) - body)));
    } else {
      const auto end = html.find("</select>", at);
      const auto options = html.substr(at, end - at);
      std::string first;
      std::optional<std::string> chosen;
      bool any = false;
      const std::regex option(R"re(<option\b[^>]*>)re");
      for (auto o = std::sregex_iterator(options.begin(), options.end(), option); o != std::sregex_iterator(); ++o) {
        const auto value = attribute(o->str(), "value");
        if (!any) first = value;
        any = true;
        if (has_attribute(o->str(), "selected")) chosen = value;
      }
      out.emplace_back(name, chosen.value_or(first));
    }
  }
  return out;
}

void expect_accessible(const std::string& target, const http::Response& response) {
  const auto& html = response.body;
  SCOPED_TRACE(target);
  EXPECT_TRUE(std::regex_search(html, std::regex(R"re(<html lang="(ja|en)">)re")));
  std::size_t h1 = 0;
  for (auto at = html.find("<h1"); at != std::string::npos; at = html.find("<h1", at + 1)) ++h1;
  EXPECT_EQ(h1, 1u) << "exactly one <h1>";
  EXPECT_FALSE(contains(html, " style=")) << "no inline style";
  EXPECT_FALSE(contains(html, "<style")) << "no inline style";
  EXPECT_FALSE(std::regex_search(html, std::regex(R"re(<script(?![^>]*\bsrc=))re"))) << "no inline script";
  EXPECT_FALSE(std::regex_search(html, std::regex(R"re(\son[a-z]+=)re"))) << "no event handler attributes";
  // Every visible control outside <template> has a label.
  std::string visible = html;
  for (auto at = visible.find("<template"); at != std::string::npos; at = visible.find("<template", at)) {
    const auto end = visible.find("</template>", at);
    visible.erase(at, end == std::string::npos ? std::string::npos : end + 11 - at);
  }
  const std::regex control(R"re(<(input|select|textarea)\b([^>]*)>)re");
  for (std::sregex_iterator it(visible.begin(), visible.end(), control), end; it != end; ++it) {
    const auto attributes = (*it)[2].str();
    if (contains(attributes, "type=\"hidden\"")) continue;
    std::smatch id;
    ASSERT_TRUE(std::regex_search(attributes, id, std::regex(R"re(\bid="([^"]+)\")re"))) << (*it)[0].str();
    EXPECT_TRUE(contains(visible, "<label for=\"" + id[1].str() + "\"") ||
                contains(visible, "<label class=\"visually-hidden\" for=\"" + id[1].str() + "\""))
        << "no label for " << id[1].str();
  }
  // Table headers say what they head.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"re(<th(?=[\s>])(?![^>]*\bscope=)[^>]*>)re")))
      << "<th> without scope";
  // No message key left untranslated.
  for (const auto& key : web::Catalog::builtin().keys(http::Language::Ja))
    EXPECT_FALSE(contains(html, ">" + key + "<")) << "untranslated " << key;
}

void expect_forms_carry_csrf(const std::string& target, const http::Response& response) {
  const auto& html = response.body;
  SCOPED_TRACE(target);
  for (auto at = html.find("<form method=\"post\""); at != std::string::npos;
       at = html.find("<form method=\"post\"", at + 1)) {
    const auto form = html.substr(at, html.find("</form>", at) - at);
    EXPECT_TRUE(contains(form, "name=\"csrf_token\"")) << form.substr(0, 120);
  }
}

void PageFixture::SetUp() {
  auto accounts = auth::load_demo_accounts(*service_, *authenticator_);
  ASSERT_TRUE(accounts.ok()) << accounts.error().describe();
  // A worker of the contractor who keeps no roster, and someone of an unrelated contractor.
  const auto sys = domain::Principal::system();
  ASSERT_TRUE(service_->execute(domain::RegisterOrganisation{"other-co", "contractor", "株式会社よそ", ""}, sys).ok());
  ASSERT_TRUE(service_->execute(domain::RegisterPerson{"p-other", "other-co", "他社 員", "", ""}, sys).ok());
  for (const auto& [login, person] : std::map<std::string, std::string>{{"suzuki", "p-suzuki"}, {"other", "p-other"}})
    ASSERT_TRUE(authenticator_->create_user(login, person, kPassword, auth::Admin::No, sys).ok());
  web::register_pages(router_, *app_);
}

http::Response PageFixture::send(const std::string& login, http::Method method, const std::string& target,
                                 Options options) {
  http::Request request;
  request.method = method;
  request.target = target;
  const auto q = target.find('?');
  request.path = http::percent_decode(target.substr(0, q));
  if (q != std::string::npos) request.query = http::parse_query(target.substr(q + 1));
  request.remote_address = kAddress;
  request.headers.emplace_back("host", "itaku.test");
  std::string cookies;
  const bool multipart = !options.parts.empty();
  if (!login.empty()) {
    const auto& session = session_of(login);
    cookies = std::string(api::kSessionCookie) + "=" + session.cookie;
    if (multipart && options.csrf) options.parts.push_back({"csrf_token", "", session.principal.csrf_token});
    if (method == http::Method::Post && options.csrf && !multipart)
      options.body += (options.body.empty() ? "" : "&") + std::string("csrf_token=") +
                      http::percent_encode(session.principal.csrf_token);
  }
  if (!options.language_cookie.empty())
    cookies += (cookies.empty() ? "" : "; ") + std::string("itaku_lang=") + options.language_cookie;
  if (!options.cookie.empty()) cookies += (cookies.empty() ? "" : "; ") + options.cookie;
  if (!cookies.empty()) request.headers.emplace_back("cookie", cookies);
  if (!options.if_none_match.empty()) request.headers.emplace_back("if-none-match", options.if_none_match);
  constexpr std::string_view kBoundary = "----itaku-test-boundary-7MA4YWxkTrZu0gW";
  if (multipart) {
    request.headers.emplace_back("content-type", "multipart/form-data; boundary=" + std::string(kBoundary));
    options.body.clear();
    for (const auto& part : options.parts) {
      options.body += "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
      if (!part.filename.empty())
        options.body += "; filename=\"" + part.filename + "\"\r\nContent-Type: application/octet-stream";
      options.body += "\r\n\r\n" + part.bytes + "\r\n";
    }
    options.body += "--" + std::string(kBoundary) + "--\r\n";
  } else if (method == http::Method::Post) {
    request.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  }
  request.body = options.body;
  auto response = router_.handle(request);
  const auto type = response.header("Content-Type");
  if (type && type->starts_with("text/html")) check_markup(target, response);
  return response;
}

http::Response PageFixture::sign_in_form(std::vector<std::pair<std::string, std::string>> fields, Options options) {
  const auto form = get("", "/login", {.language_cookie = options.language_cookie});
  std::smatch token;
  EXPECT_TRUE(std::regex_search(form.body, token, std::regex(R"re(name="csrf_token" value="([^"]+)")re")));
  const auto set_cookie = std::string(form.header("Set-Cookie").value_or(""));
  fields.emplace_back("csrf_token", token[1].str());
  options.body = form_body(fields);
  options.cookie = set_cookie.substr(0, set_cookie.find(';'));
  return post("", "/login", std::move(options));
}

const auth::Session& PageFixture::session_of(const std::string& login) {
  return DemoApp::session_of(login, kPassword, kAddress);
}

}  // namespace itaku::testing
