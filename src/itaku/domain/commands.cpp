#include "itaku/domain/commands.hpp"

#include "itaku/domain/rules.hpp"

namespace itaku::domain {

namespace {

// Sends each command to the rules of its capability, declared in the capability's header.
struct Decider {
  const State& state;
  const Actor& actor;
  Timestamp now;

  // --- Organisations and people: organisations.cpp, people.cpp ---
  Result<std::vector<Event>> operator()(const RegisterOrganisation& c) const {
    return decide_organisation(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const RegisterPerson& c) const { return decide_person(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RecordDeparture& c) const { return decide_person(state, c, actor, now); }

  // --- Provision sets and contracts: contracts.cpp ---
  Result<std::vector<Event>> operator()(const ImportProvisions& c) const {
    return decide_contract(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const CreateContract& c) const { return decide_contract(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const AddSubcontractor& c) const {
    return decide_contract(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const ChangeContractState& c) const {
    return decide_contract(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const AmendContract& c) const { return decide_contract(state, c, actor, now); }

  // --- Rosters: roster.cpp ---
  Result<std::vector<Event>> operator()(const SubmitRoster& c) const { return decide_roster(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const AcknowledgeRoster& c) const {
    return decide_roster(state, c, actor, now);
  }

  // --- Authentication and roles: accounts.cpp ---
  Result<std::vector<Event>> operator()(const RegisterUser& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const GrantAdmin& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const DisableUser& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RecordCredentialChange& c) const {
    return decide_account(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const GrantRole& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RevokeRole& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RecordSignIn& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RecordSignInFailure& c) const {
    return decide_account(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const CreateToken& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RevokeToken& c) const { return decide_account(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RecordTokenUse& c) const { return decide_account(state, c, actor, now); }

  // --- Information assets: asset_commands.cpp ---
  Result<std::vector<Event>> operator()(const DefineAssetClass& c) const { return decide_asset(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RegisterAsset& c) const { return decide_asset(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const TransferAssets& c) const { return decide_asset(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const AcknowledgeTransfer& c) const {
    return decide_asset(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const CancelTransfer& c) const { return decide_asset(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const NotifyDenial& c) const { return decide_asset(state, c, actor, now); }

  // --- Issued documents: documents.cpp ---
  Result<std::vector<Event>> operator()(const IssueDocument& c) const { return decide_document(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RecordComplianceReport& c) const {
    return decide_compliance_report(state, c, actor, now);
  }

  // --- written approvals: approvals.cpp ---
  Result<std::vector<Event>> operator()(const RequestApproval& c) const {
    return decide_approval(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const DecideApproval& c) const { return decide_approval(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const WithdrawApproval& c) const {
    return decide_approval(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const RevokeApproval& c) const { return decide_approval(state, c, actor, now); }
  // --- Devices and media: devices.cpp ---
  Result<std::vector<Event>> operator()(const RegisterDevice& c) const { return decide_device(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const ConfirmDeviceMeasures& c) const {
    return decide_device(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const DestroyMedia& c) const { return decide_device(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const RetireDevice& c) const { return decide_device(state, c, actor, now); }
  // --- Return, disposal and erasure: disposal.cpp ---
  Result<std::vector<Event>> operator()(const InstructDisposal& c) const {
    return decide_disposal(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const DisposeAssets& c) const { return decide_disposal(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const ReportCreatedAssets& c) const {
    return decide_disposal(state, c, actor, now);
  }
  Result<std::vector<Event>> operator()(const AcknowledgeCreatedAssets& c) const {
    return decide_disposal(state, c, actor, now);
  }
  // --- ID badges: badges.cpp ---
  Result<std::vector<Event>> operator()(const IssueBadge& c) const { return decide_badge(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const ReturnBadge& c) const { return decide_badge(state, c, actor, now); }
  Result<std::vector<Event>> operator()(const ReportBadgeLost& c) const { return decide_badge(state, c, actor, now); }

  // --- The city's review of the monitoring: monitoring.cpp ---
  Result<std::vector<Event>> operator()(const ReviewMonitoring& c) const {
    return decide_monitoring(state, c, actor, now);
  }

  // --- Training, acknowledgements and pledges: training.cpp ---
  template <class C>
  requires(std::is_same_v<C, DefineCourse> || std::is_same_v<C, RecordTrainingSession> ||
           std::is_same_v<C, ImportTrainingAttendance> || std::is_same_v<C, AcknowledgeProvisions> ||
           std::is_same_v<C, RecordPledge> || std::is_same_v<C, SendTrainingReminders> ||
           std::is_same_v<C, RecordTrainingReport>) Result<std::vector<Event>>
  operator()(const C& c) const { return decide_training(state, c, actor, now); }
};

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

Result<std::vector<Event>> decide(const State& state, const Command& command, const Actor& actor, Timestamp now) {
  TRY(std::visit([](const auto& c) { return rules::check_declared_lengths(c); }, command));
  return std::visit(Decider{state, actor, now}, command);
}

}  // namespace itaku::domain
