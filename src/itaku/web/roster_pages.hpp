#pragma once
// A party's roster (体制表, 長野市 第1) beyond the contract page: the diff between two versions,
// the city's acknowledgement of a version, and the form that submits a new version
// (roster_form.hpp reads it).

#include "itaku/api/context.hpp"
#include "itaku/http/router.hpp"

namespace itaku::web {

void register_roster_pages(http::Router& router, api::AppContext& app);

}  // namespace itaku::web
