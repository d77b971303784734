#include "itaku/auth/demo_accounts.hpp"

#include <algorithm>

#include "itaku/domain/commands.hpp"

namespace itaku::auth {

Result<void> load_demo_accounts(service::Service& service, Authenticator& authenticator) {
  using namespace domain;
  const auto system = Principal::system();
  const auto [demo_loaded, accounts_loaded] = service.read([](const State& state) {
    return std::pair{state.person("p-kobayashi") != nullptr && state.contract("nagano-2026-001") != nullptr &&
                         state.contract("kisarazu-2026-014") != nullptr,
                     state.user("kobayashi") != nullptr};
  });
  if (!demo_loaded)
    return make_error(ErrorKind::NotFound, "demo.not_loaded", "先にデモデータを読み込んでください",
                      "load the demo data first");
  if (accounts_loaded)
    return make_error(ErrorKind::Conflict, "demo.accounts_loaded", "デモのアカウントはすでにあります",
                      "the demo accounts exist already");
  auto run = [&](const Command& command) -> Result<void> {
    TRY(service.execute(command, system));
    return ok();
  };
  // Whatever exists already (a login made by hand, say) is left as it is.
  auto exists = [&](auto&& test) { return service.read([&](const State& state) { return test(state); }); };
  // An auditor (監査) and the instance's administrator, both of the city of Nagano.
  if (!exists([](const State& s) { return s.person("p-nakamura") != nullptr; }))
    TRY(run(RegisterPerson{"p-nakamura", "nagano-city", "中村 由紀", "監査委員事務局 主事",
                           "nakamura@city.nagano.example"}));
  if (!exists([](const State& s) { return s.person("p-matsumoto") != nullptr; }))
    TRY(run(RegisterPerson{"p-matsumoto", "nagano-city", "松本 直樹", "情報政策課 システム管理者",
                           "matsumoto@city.nagano.example"}));

  struct Account {
    const char* login;
    const char* person;
    Admin admin;
  };
  for (const auto& account :
       {Account{"kobayashi", "p-kobayashi", Admin::No}, Account{"takahashi", "p-takahashi", Admin::No},
        Account{"nakamura", "p-nakamura", Admin::No}, Account{"yamada", "p-yamada", Admin::No},
        Account{"ito", "p-ito", Admin::No}, Account{"admin", "p-matsumoto", Admin::Yes}}) {
    if (exists([&](const State& s) { return s.user(account.login) != nullptr; })) continue;
    TRY(authenticator.create_user(account.login, account.person, kDemoPassword, account.admin, system));
  }
  for (const auto& grant : {GrantRole{"p-kobayashi", "nagano-2026-001", "city_officer"},
                            GrantRole{"p-kobayashi", "nagano-2026-001", "city_approver"},
                            GrantRole{"p-takahashi", "kisarazu-2026-014", "city_officer"},
                            GrantRole{"p-takahashi", "kisarazu-2026-014", "city_approver"},
                            GrantRole{"p-nakamura", "nagano-2026-001", "city_auditor"}}) {
    const auto roles = service.read([&](const State& s) { return s.roles_of(grant.person, grant.contract); });
    if (std::find(roles.begin(), roles.end(), grant.role) != roles.end()) continue;
    TRY(run(grant));
  }
  return ok();
}

}  // namespace itaku::auth
