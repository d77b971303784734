#pragma once
// The principal a session cookie or an API token establishes (domain/principal.hpp).

#include "itaku/domain/principal.hpp"

namespace itaku::auth {

using domain::Principal;
using domain::PrincipalKind;

}  // namespace itaku::auth
