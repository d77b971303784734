#pragma once
// Sign-in accounts for the demo (service::load_demo must have run first): city officers,
// an auditor, the contractor's and the subcontractor's responsible persons, and an
// administrator, all with the documented demo password. For `itaku demo` and `itaku serve`.

#include <string_view>

#include "itaku/auth/authenticator.hpp"
#include "itaku/service/service.hpp"

namespace itaku::auth {

// The password of every demo account (docs/AUTH.md). Demo data only: never for a real instance.
inline constexpr std::string_view kDemoPassword = "itaku-demo-2026";

// Creates the logins kobayashi, takahashi, nakamura, yamada, ito and admin and grants the
// city roles. demo.not_loaded (NotFound) without the demo data; demo.accounts_loaded
// (Conflict) when they exist already.
Result<void> load_demo_accounts(service::Service& service, Authenticator& authenticator);

}  // namespace itaku::auth
