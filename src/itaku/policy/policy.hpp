#pragma once
// Access decisions (長野市 第3, 第5, 第6; 木更津市 第3条, 第11条(4)): "may this person do this
// with this asset, here, now?" answered against an immutable snapshot of one contract, with
// the clause of the contract's own provision set that decides each denial. Pure: no I/O, no
// locks, no allocation on an allow beyond the answer itself. docs/POLICY.md describes the
// conditions and the clause each one cites.

#include <array>
#include <climits>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "itaku/core/clock.hpp"
#include "itaku/domain/assets.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/policy/flat_index.hpp"

namespace itaku::policy {

struct Request {
  std::string contract;
  std::string person;
  domain::Action action = domain::Action::Read;
  std::string asset;        // an asset of the register, or
  std::string asset_class;  // a class (id or name) when the asset is not registered
  std::string device;
  std::string location;  // a work location id of the person's party roster
  std::string purpose;   // the contract's id or number: anything else is 目的外利用
  Timestamp at{};        // Service::decide takes the default (the epoch) as "now"
};

enum class Effect { Allow, Deny };
std::string_view to_string(Effect effect);

// Why a request was denied, or what an allowed one must do next: a stable code, the clause
// of the contract's provision set ("長野市 第6-2"), and the message in both languages.
struct Reason {
  std::string_view code;
  std::string clause;
  std::string_view message_ja;
  std::string_view message_en;
  std::string detail;  // e.g. the approval type missing
};

struct Decision {
  Effect effect = Effect::Deny;
  std::vector<Reason> reasons;      // every condition not met; the first decides
  std::vector<Reason> obligations;  // for an allow
  std::string asset_class;          // class id the request resolved to (empty if none)
  bool sensitive = false;
  std::uint64_t basis = 0;  // ledger size of the state the snapshot was built from
  // The city's approval an allow was given under (its request id), when an action needed one:
  // the decision is then recorded with its use (approval.used), and a counted approval (copies)
  // allows no more decisions than its copies.
  std::string approval;
};

// The answer when the contract is unknown (no clause: there are no provisions to cite).
Decision contract_unknown(const std::string& contract);

// The facts of one contract that decisions need, copied out of the domain state.
class ContractSnapshot {
 public:
  static std::shared_ptr<const ContractSnapshot> build(const domain::State& state, const std::string& contract);

  Decision decide(const Request& request) const;

  const std::string& contract() const { return contract_; }
  // Whether the person is one the contract knows: on a roster of one of its parties, or a
  // former worker of one.
  bool knows(std::string_view person) const { return members_.find(person) != nullptr; }
  // The clause cited for a vocabulary control, or for the rules in general when the set
  // lacks it.
  const std::string& clause_for(std::string_view control) const;

  struct Member {
    std::string organisation;
    bool departed = false;
    bool listed = false;  // on the latest roster version of their party
    int first_day = INT_MIN;
    int last_day = INT_MAX;  // days since 1970-01-01 (JST dates)
    // The classes the person is named for, by class index: bit i of `named` for class i
    // (view or use), of `use` when they may also use it. Held inline, so a decision reads
    // them without another cache miss; contracts with more than 64 classes keep the rest in
    // `more` (class index → may use).
    std::uint64_t named = 0;
    std::uint64_t use = 0;
    std::vector<std::pair<std::uint32_t, bool>> more;
    // Training (長野市 第4): the last day (days since 1970-01-01) on which training that counts
    // for every class is valid, and that of courses for some classes only (class index → day).
    // INT_MIN: none on record.
    int trained_until = INT_MIN;
    std::vector<std::pair<std::uint32_t, int>> trained_for;
    // The provisions acknowledged (木更津市 第7条): not at all, an earlier version, or the
    // contract's current one.
    enum class Acknowledged : std::uint8_t { None, Outdated, Current };
    Acknowledged acknowledged = Acknowledged::None;
    // An NDA (秘密保持契約, 木更津市 第2条-2) signed for the contract.
    bool nda = false;
  };

 private:
  enum class Citation : std::size_t {
    Roster,
    Location,
    Device,
    Training,
    Acknowledged,
    Nda,
    Purpose,
    ThirdParty,
    FormerWorker,
    Rules,
    Term,
    Custody,
    Inventory,
    Monitored,
    Count,
  };
  // The condition (provisions::citable_conditions) each citation is for, in the order above.
  static constexpr std::array<std::string_view, static_cast<std::size_t>(Citation::Count)> kCitationConditions = {
      "on_roster",       "location_registered", "device_managed",   "training_valid", "provisions_acknowledged",
      "nda_signed",      "purpose_contract",    "third_party",      "former_worker",  "action_allowed",
      "contract_active", "custody_recorded",    "asset_registered", "access_reported"};
  static constexpr std::size_t index(Citation c) { return static_cast<std::size_t>(c); }
  const std::string& cite(Citation c) const { return citations_[index(c)]; }
  const std::string& approval_clause(const std::string& type) const;
  // The approvals in force of one type, as decisions read them.
  struct ApprovalFacts {
    std::string id;
    std::vector<std::string> people, assets, devices;  // sorted
    std::vector<std::uint32_t> classes;                // sorted class indices
    int first_day = INT_MIN;
    int last_day = INT_MAX;
    std::int64_t copies = 0;  // 0: not counted
    std::int64_t used = 0;
  };
  // The approval of `type` that allows `request` on the class at `class_index` on `today`, or
  // nullptr with the reason none does in `miss`.
  const ApprovalFacts* approval_for(const std::string& type, const Request& request, std::uint32_t class_index,
                                    int today, Reason& miss) const;

  std::string contract_;
  std::string number_;
  domain::ContractState state_ = domain::ContractState::Draft;
  int first_day_ = INT_MIN;
  int last_day_ = INT_MAX;
  std::uint64_t basis_ = 0;
  std::array<std::string, static_cast<std::size_t>(Citation::Count)> citations_;
  std::unordered_map<std::string, std::string> approval_clauses_;  // approval type → clause
  // Approval types the set requires only for assets of one origin (approval.required's
  // `origin`); absent: every asset.
  std::unordered_map<std::string, domain::AssetOrigin> approval_origins_;
  // The approvals of one type, approved and not revoked, and which of them name each person: a
  // decision looks only at its person's (a contract may hold thousands).
  struct Approvals {
    std::vector<ApprovalFacts> all;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_person;  // person → indices into all
  };
  std::unordered_map<std::string, Approvals> approvals_;          // by type
  std::unordered_map<std::string, std::string> control_clauses_;  // control id → clause
  std::vector<domain::AssetClass> classes_;                       // by class index
  std::unordered_map<std::string, std::uint32_t> class_index_;    // id and name → class index
  struct AssetFacts {
    std::uint32_t class_index = 0;
    domain::AssetOrigin origin = domain::AssetOrigin::Created;
  };
  FlatIndex<AssetFacts> assets_;                                                // asset id → its class and origin
  FlatIndex<Member> members_;                                                   // person id → facts
  std::unordered_map<std::string, std::unordered_set<std::string>> locations_;  // organisation → location ids
  struct DeviceFacts {
    std::string organisation;
    bool managed = false;
  };
  std::unordered_map<std::string, DeviceFacts> devices_;  // devices in use by id
  static constexpr std::string_view kUnmanagedApproval = "input_unmanaged_computer";
};

// Every contract's snapshot; replaced as a whole when events change one.
class Snapshots {
 public:
  std::shared_ptr<const ContractSnapshot> find(const std::string& contract) const;
  // A copy with the given contracts rebuilt from `state` (all of them when `contracts` is
  // empty).
  std::shared_ptr<const Snapshots> rebuilt(const domain::State& state, const std::set<std::string>& contracts) const;

 private:
  std::unordered_map<std::string, std::shared_ptr<const ContractSnapshot>> by_contract_;
};

}  // namespace itaku::policy
