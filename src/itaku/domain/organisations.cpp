#include "itaku/domain/organisations.hpp"

#include "itaku/domain/organisation_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

Result<std::vector<Event>> decide_organisation(const State& state, const RegisterOrganisation& c, const Actor& actor,
                                               Timestamp now) {
  TRY(check_id(c.id, "id"));
  if (state.organisation(c.id))
    return conflict("organisation.exists", "そのIDの団体はすでに登録されています",
                    "an organisation with that id exists")
        .with("id", c.id);
  const auto kind = organisation_kind(c.kind);
  if (!kind)
    return invalid("organisation.kind_invalid", "種別は city, contractor, subcontractor のいずれかです",
                   "kind is one of city, contractor, subcontractor")
        .with("value", c.kind);
  TRY(check_required(c.name, "name"));
  return std::vector{make_event(OrganisationRegistered{c.id, *kind, c.name, c.name_en}, actor, now, "")};
}

}  // namespace itaku::domain
