#pragma once
// The demo instance `itaku demo` loads: 長野市 and 木更津市 as cities, a contractor and its
// subcontractor, one contract under each city's provisions, with rosters (one acknowledged,
// one waiting for the city). All names are fictional.

#include "itaku/core/result.hpp"
#include "itaku/service/service.hpp"

namespace itaku::service {

// Imports the built-in provision sets that are not in the ledger yet. Returns how many.
Result<int> import_builtin_provisions(Service& service, const domain::Actor& actor);

// Loads the demo; refuses (Conflict, "demo.already_loaded") when it is already there.
Result<void> load_demo(Service& service);

}  // namespace itaku::service
