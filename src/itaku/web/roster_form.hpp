#pragma once
// The roster edit form as the browser sends it, and its translation to a domain::Roster.
// The form carries the whole roster (責任者, 情報管理責任者, workers, locations, access), so
// several changes become one new version; a failed submission is shown again exactly as
// typed. Field names: responsible, information_manager, manager_is_pio, note, base_version,
// worker.<i>.{person,work,from,until,fixed}, location.<i>.{id,name,address,hours,
// city_premises,remove,fixed}, access.<i>.{asset_class,person,permission,remove,fixed}. Pure.

#include <map>
#include <string>
#include <vector>

#include "itaku/domain/model.hpp"

namespace itaku::web {

// At most this many rows of each kind are read from one submission.
inline constexpr int kMaxRosterRows = 500;

struct WorkerRow {
  std::string person, work, from, until;
  bool fixed = false;  // already on the roster: the person cannot be changed, only the dates and work
};

struct LocationRow {
  std::string id, name, address, hours;
  bool city_premises = false;
  bool remove = false;
  bool fixed = false;
};

struct AccessRow {
  std::string asset_class, person, permission;
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
// Reads the submitted fields; rows keep the order of their indices.
RosterForm parse_roster_form(const std::map<std::string, std::string>& fields);
// The roster the form describes: blank new rows and rows marked for removal are left out;
// a new location gets a fresh id ("loc-1", "loc-2", …).
domain::Roster roster_from_form(const RosterForm& form);

}  // namespace itaku::web
