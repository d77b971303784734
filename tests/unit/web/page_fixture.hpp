#pragma once
// What the web page tests share: the demo application with its accounts, every page
// registered, and requests sent as a browser sends them (signed in with a real session, the
// CSRF token added to forms), each HTML answer checked against the markup rules of docs/UI.md.

#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "itaku/auth/demo_accounts.hpp"
#include "itaku/http/message.hpp"
#include "support/demo_app.hpp"

namespace itaku::testing {

const std::string kPassword(auth::kDemoPassword);

bool contains(const std::string& text, const std::string& part);
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);
// The part of `html` from `start` to the first `end` after it ("" when `start` is absent).
std::string slice(const std::string& html, const std::string& start, const std::string& end);

// What a browser sends when the form of `html` whose opening tag contains `marker` is submitted
// as it stands: every named input (a checkbox only when checked), each select's selected option
// (else its first), each textarea; `<template>` contents and the CSRF token are left out (the
// request adds the session's). Values are unescaped from the HTML.
std::vector<std::pair<std::string, std::string>> submitted_fields(const std::string& html, const std::string& marker);

// The markup rules of docs/UI.md that a test can check on the HTML text.
void expect_accessible(const std::string& target, const http::Response& response);
// A form that changes something carries the CSRF token.
void expect_forms_carry_csrf(const std::string& target, const http::Response& response);

// What a request carries besides its method and target. (Every member has an initialiser so
// that designated initialisers may name only some.)
struct Options {
  std::string body = {};
  bool csrf = true;  // add the session's csrf_token to a form body
  std::string language_cookie = {};
  std::string if_none_match = {};
  std::string cookie = {};  // further "name=value" cookies
  // Sent as multipart/form-data instead of `body` (a file input's form): name, file name (empty
  // for a plain field) and bytes; the session's csrf_token is added as a field.
  struct Part {
    std::string name, filename, bytes;
  };
  std::vector<Part> parts = {};
};

// The demo with its accounts, a worker who keeps no roster (suzuki) and someone of an
// unrelated contractor (other), all pages registered.
class PageFixture : public ::testing::Test, protected DemoApp {
 protected:
  PageFixture() : DemoApp("web.test/ledger") {}
  void SetUp() override;

  // Sends a request as `login` (empty: nobody signed in) and checks the markup of HTML pages.
  http::Response send(const std::string& login, http::Method method, const std::string& target, Options options = {});
  http::Response get(const std::string& login, const std::string& target, Options options = {}) {
    return send(login, http::Method::Get, target, std::move(options));
  }
  http::Response post(const std::string& login, const std::string& target, Options options = {}) {
    return send(login, http::Method::Post, target, std::move(options));
  }
  const auth::Session& session_of(const std::string& login);
  // Signs in through the form as a browser does: shows /login (which sets the login cookie
  // and puts its token in the form), then posts `fields` with that token and cookie.
  http::Response sign_in_form(std::vector<std::pair<std::string, std::string>> fields, Options options = {});

  // The checks every HTML answer of these tests passes.
  virtual void check_markup(const std::string& target, const http::Response& response) {
    expect_accessible(target, response);
  }
};

}  // namespace itaku::testing
