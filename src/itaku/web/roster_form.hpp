#pragma once
// The roster edit form as the browser sends it, and its translation to a domain::Roster.
// The form carries the whole roster (責任者, 情報管理責任者, workers, locations, access), so
// several changes become one new version; a failed submission is shown again exactly as
// typed. Field names: responsible, information_manager, manager_is_pio, note, base_version,
// worker.<i>.<member of RosterWorker>, location.<i>.<member of WorkLocation>,
// access.<i>.<member of AssetAccess> (domain/model.hpp), and per row `fixed` and `remove`. Pure.

#include <map>
#include <string>
#include <vector>

#include "itaku/core/error.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/web/command_form.hpp"

namespace itaku::web {

// At most this many rows of each kind are read from one submission.
inline constexpr int kMaxRosterRows = 500;

// A row of the form: the roster's own row (its members as the roster declares them, read by
// name: worker.<i>.<member>) and what only the form knows.
struct WorkerRow {
  domain::RosterWorker value;
  bool fixed = false;  // already on the roster: the person cannot be changed, only the dates and work
};

struct LocationRow {
  domain::WorkLocation value;  // a new row's id is left empty; roster_from_form gives one
  bool remove = false;
  bool fixed = false;
};

struct AccessRow {
  domain::AssetAccess value;
  bool remove = false;
  bool fixed = false;
};

struct RosterForm {
  std::string responsible, information_manager;
  bool manager_is_pio = false;
  std::vector<WorkerRow> workers;
  std::vector<LocationRow> locations;
  std::vector<AccessRow> access;
  std::string note;
  int base_version = 0;  // the version the form was made from; another meanwhile is a conflict
};

// The form pre-filled from the latest version (or empty when there is none).
RosterForm form_from_roster(const domain::Roster& roster, int version);
// The form for an edit laid over version `version` (domain::rebase_roster's roster): the rows
// `current` (that version) has are fixed as they would be when editing it; the rows only the
// edit added stay editable.
RosterForm rebased_form(const domain::Roster& roster, const domain::Roster& current, int version, std::string note);
// Reads the submitted fields; rows keep the order of their indices.
RosterForm parse_roster_form(const std::map<std::string, std::string>& fields);
// Whether a row is a new one left blank.
bool blank(const WorkerRow& row);
bool blank(const LocationRow& row);
bool blank(const AccessRow& row);
// The roster the form describes: blank new rows and rows marked for removal are left out;
// a new location gets a fresh id ("loc-1", "loc-2", …).
domain::Roster roster_from_form(const RosterForm& form);
// The id roster_from_form gives each location row (its own, or the next free loc-N for a new
// row); empty for a row it leaves out.
std::vector<std::string> location_ids(const RosterForm& form);

// Where a refusal of the roster the form describes belongs: next to a manager's select or a
// row (found by the person, location or class the error's context names), or above the form.
struct FormSpot {
  enum class Kind { Form, Responsible, InformationManager, Worker, Location, Access };
  Kind kind = Kind::Form;
  std::size_t row = 0;  // the index in form.workers, form.locations or form.access
};
FormSpot locate_error(const Error& error, const RosterForm& form);

}  // namespace itaku::web
