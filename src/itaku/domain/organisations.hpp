#pragma once
// Organisations (団体): the cities (甲), contractors (乙) and subcontractors (丙) that contracts
// name as parties. An organisation is registered once and never deleted.
//
// The command is declared here (kName, members(); see commands.hpp, whose Command holds it);
// its rule, decide_organisation, is internal to the domain module: callers use decide().

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

struct RegisterOrganisation {
  static constexpr std::string_view kName = "organisation.register";
  std::string id, kind, name, name_en;
  static constexpr auto members() {
    using T = RegisterOrganisation;
    return std::tuple{schema::member("id", &T::id).label("組織ID", "Organisation id").format(schema::Format::Id),
                      schema::member("kind", &T::kind)
                          .label("種別", "Kind")
                          .help("city（市）、contractor（受託者）または subcontractor（再委託先）",
                                "city, contractor or subcontractor"),
                      schema::member("name", &T::name)
                          .label("名称", "Name")
                          .help("正式な名称（長野市、株式会社…）", "the name as written (長野市, 株式会社…)")
                          .max_length(200),
                      schema::member("name_en", &T::name_en, Presence::Optional)
                          .label("英語の名称", "Name in English")
                          .max_length(200)};
  }
};

Result<std::vector<Event>> decide_organisation(const State& state, const RegisterOrganisation& c, const Actor& actor,
                                               Timestamp now);

}  // namespace itaku::domain
