// What the evaluators share: making findings, dates in Japan, names, and a party's roster.

#include <algorithm>
#include <chrono>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "itaku/compliance/evaluators.hpp"
#include "itaku/provisions/vocabulary.hpp"

namespace itaku::compliance {

Finding met(Evidence evidence) {
  Finding f;
  f.status = Status::Met;
  f.evidence = std::move(evidence);
  return f;
}

Finding due(std::string date, Evidence evidence) {
  Finding f;
  f.status = Status::Due;
  f.due = std::move(date);
  f.evidence = std::move(evidence);
  return f;
}

Finding violated(Timestamp since, Evidence evidence) {
  Finding f;
  f.status = Status::Violated;
  f.since = since;
  f.evidence = std::move(evidence);
  return f;
}

Finding not_applicable(Evidence evidence) {
  Finding f;
  f.status = Status::NotApplicable;
  f.evidence = std::move(evidence);
  return f;
}

std::string date_of(Timestamp at) { return format_date(jst_date(at)); }

std::string plus_days(const std::string& date, int days) {
  const auto parsed = parse_date(date);
  if (!parsed) return date;
  return format_date(std::chrono::year_month_day(std::chrono::sys_days(*parsed) + std::chrono::days(days)));
}

std::string plus_parameter(const Context& context, const std::string& date, std::string_view name) {
  const auto duration = provisions::duration_parameter(context.control, context.params, name);
  const auto parsed = parse_date(date);
  if (!duration || !parsed) return date;
  return format_date(provisions::plus_duration(*parsed, *duration));
}

Timestamp start_of(const std::string& date) {
  const auto parsed = parse_date(date);
  if (!parsed) return Timestamp{};
  // Japan is UTC+9 all year: its midnight is 15:00 UTC the day before.
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::sys_days(*parsed) -
                                                                 std::chrono::hours(9));
}

Timestamp after(const std::string& date) { return start_of(plus_days(date, 1)); }

std::string name_of(const domain::State& state, const std::string& person) {
  const auto* p = state.person(person);
  return p ? p->name : person;
}

std::string party_name(const domain::State& state, const domain::Contract& contract, const std::string& organisation) {
  const auto* o = state.organisation(organisation);
  const auto* party = contract.party(organisation);
  return fmt::format("{} {}", party ? domain::party_symbol(party->role) : "乙", o ? o->name : organisation);
}

std::string party_name_en(const domain::State& state, const std::string& organisation) {
  const auto* o = state.organisation(organisation);
  return o && !o->name_en.empty() ? o->name_en : organisation;
}

std::string indices_text(const std::vector<std::uint64_t>& indices) {
  std::string out;
  for (const auto index : indices) {
    if (!out.empty()) out += ", ";
    out += fmt::format("#{}", index);
  }
  return out;
}

std::vector<std::uint64_t> first_indices(std::vector<std::uint64_t> indices) {
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  if (indices.size() > kEvidenceIndices) indices.resize(kEvidenceIndices);
  return indices;
}

std::string party_of_person(const Context& context, const std::string& person) {
  return party_of_person(context.state, context.contract, person);
}

std::string party_of_person(const domain::State& state, const domain::Contract& contract, const std::string& person) {
  const auto* p = state.person(person);
  if (p && contract.party(p->organisation)) return p->organisation;
  const auto* contractor = contract.contractor();
  return contractor ? contractor->organisation : std::string();
}

std::string start_deadline(const Context& context, const domain::Party& party) {
  return std::max(context.contract.period_from, date_of(party.added_at));
}

Finding by_deadline(const Context& context, const std::string& deadline, Evidence evidence) {
  if (context.today <= deadline) return due(deadline, std::move(evidence));
  return violated(after(deadline), std::move(evidence));
}

std::vector<const domain::Person*> leavers_of(const Context& context, const domain::Party& party) {
  // The people who have left are few: each roster line is looked for among them, rather than
  // every line gathered first.
  const auto& departed = context.lookups.departed();
  const auto found = context.contract.rosters.find(party.organisation);
  std::set<std::string> listed;
  if (found != context.contract.rosters.end() && !departed.empty())
    for (const auto& version : found->second)
      for (const auto& w : version.roster.workers)
        if (std::binary_search(departed.begin(), departed.end(), std::string_view(w.person))) listed.insert(w.person);
  std::vector<const domain::Person*> leavers;
  for (const auto& id : listed)
    if (const auto* p = context.state.person(id); p && p->departure) leavers.push_back(p);
  return leavers;
}

const domain::RosterVersion* latest_roster(const Context& context, const domain::Party& party) {
  return context.state.latest_roster(context.contract.id, party.organisation);
}

// 長野市 第1 (あらかじめ特定し…通知), 木更津市 第4条: before a party's work starts, its roster
// must be with the city.
Finding missing_roster(const Context& context, const domain::Party& party) {
  const auto deadline = start_deadline(context, party);
  return by_deadline(context, deadline,
                     {{party.added_index},
                      fmt::format("{} の名簿がまだ届け出られていません（作業開始 {} までに必要）",
                                  party_name(context.state, context.contract, party.organisation), deadline),
                      fmt::format("{} has not submitted a roster yet (needed before its work starts on {})",
                                  party_name_en(context.state, party.organisation), deadline)});
}

namespace {

template <typename Map>
const typename Map::mapped_type& listed_under(const Map& map, const std::string& organisation) {
  static const typename Map::mapped_type kNone;
  const auto found = map.find(organisation);
  return found == map.end() ? kNone : found->second;
}

}  // namespace

namespace {

// Reads the register once: each holder is looked up once, however many assets they hold.
std::shared_ptr<const Memo::Entry> read_register(const domain::State& state, const domain::Contract& contract) {
  auto entry = std::make_shared<Memo::Entry>();
  entry->instance = state.instance.id();
  entry->changed_index = state.changed_index;
  struct Holder {
    const domain::Person* person = nullptr;
    std::vector<Holding>* held = nullptr;
  };
  std::unordered_map<std::string, Holder> holders;
  auto& classes = entry->asset_classes;
  for (const auto& [id, asset] : contract.assets) {
    auto [found, added] = holders.try_emplace(asset.custodian);
    if (added)
      if (const auto* person = state.person(asset.custodian))
        found->second = {person, &entry->held[person->organisation]};
    if (!found->second.person) continue;
    // A contract has a few classes: they are numbered as they are met.
    const auto known = std::find(classes.begin(), classes.end(), asset.asset_class);
    const auto asset_class = static_cast<std::size_t>(known - classes.begin());
    if (known == classes.end()) classes.push_back(asset.asset_class);
    found->second.held->push_back({&asset, found->second.person, asset.registered_index, asset_class});
  }
  return entry;
}

}  // namespace

const Memo::Entry& Lookups::registry() const {
  if (!registry_ && memo_) registry_ = memo_->find(state_, contract_.id);
  if (!registry_) {
    registry_ = read_register(state_, contract_);
    if (memo_) memo_->keep(contract_.id, registry_);
  }
  return *registry_;
}

const std::vector<Lookups::Holding>& Lookups::held_by(const std::string& organisation) const {
  return listed_under(registry().held, organisation);
}

Memo::Memo() = default;
Memo::~Memo() = default;

std::shared_ptr<const Memo::Entry> Memo::find(const domain::State& state, const std::string& contract) const {
  const std::lock_guard lock(mutex_);
  const auto found = entries_.find(contract);
  if (found == entries_.end()) return nullptr;
  const auto& entry = *found->second;
  if (entry.instance != state.instance.id() || entry.changed_index != state.changed_index) return nullptr;
  return found->second;
}

void Memo::keep(const std::string& contract, std::shared_ptr<const Entry> entry) {
  const std::lock_guard lock(mutex_);
  entries_.insert_or_assign(contract, std::move(entry));
}

const std::vector<const Lookups::TallyPerson*>& Lookups::tally_people(const std::string& organisation) const {
  if (!tally_people_) {
    tally_people_.emplace();
    for (const auto& entry : tally_.people)
      (*tally_people_)[party_of_person(state_, contract_, entry.first)].push_back(&entry);
  }
  return listed_under(*tally_people_, organisation);
}

const std::vector<std::string_view>& Lookups::departed() const {
  if (!departed_) {
    departed_.emplace();
    for (const auto& [id, person] : state_.people)  // in id order
      if (person.departure) departed_->push_back(id);
  }
  return *departed_;
}

}  // namespace itaku::compliance
