#pragma once
// Commands: what a user asks for. decide() checks a command against the current state and
// either refuses it with a clear error (nothing changes) or returns the events that record
// it. Pure: no I/O; `now` is passed in.
//
// Each command declares its name and its members once (kName, members(); core/schema.hpp),
// and command_types.hpp reads a command written as JSON through that declaration. A name is
// the capability its events belong to and what the command does, as a verb:
// "asset.register" records asset.registered, "custody.transfer" custody.transferred. Names are
// stable: clients and test cases write them. A member that may be left out reads as empty.
//
// Each capability declares its commands and their rules in a header of its own (accounts.hpp,
// asset_commands.hpp, badges.hpp, contracts.hpp, documents.hpp, monitoring.hpp, organisations.hpp,
// people.hpp, roster.hpp, training.hpp); Command gathers them, and decide() sends each to its capability's rules.

#include <string_view>
#include <variant>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/domain/accounts.hpp"
#include "itaku/domain/approvals.hpp"
#include "itaku/domain/asset_commands.hpp"
#include "itaku/domain/badges.hpp"
#include "itaku/domain/contracts.hpp"
#include "itaku/domain/devices.hpp"
#include "itaku/domain/disposal.hpp"
#include "itaku/domain/documents.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/monitoring.hpp"
#include "itaku/domain/organisations.hpp"
#include "itaku/domain/people.hpp"
#include "itaku/domain/roster.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/domain/training.hpp"

namespace itaku::domain {

using Command =
    std::variant<RegisterOrganisation, RegisterPerson, RecordDeparture, RegisterUser, ImportProvisions, CreateContract,
                 AddSubcontractor, ChangeContractState, SubmitRoster, AcknowledgeRoster, GrantAdmin, DisableUser,
                 RecordCredentialChange, GrantRole, RevokeRole, RecordSignIn, RecordSignInFailure, CreateToken,
                 RevokeToken, RecordTokenUse, DefineAssetClass, RegisterAsset, TransferAssets, AcknowledgeTransfer,
                 CancelTransfer, NotifyDenial, IssueDocument, RecordComplianceReport, IssueBadge, ReturnBadge,
                 ReportBadgeLost, RequestApproval, DecideApproval, WithdrawApproval, RevokeApproval, ReviewMonitoring,
                 DefineCourse, RecordTrainingSession, ImportTrainingAttendance, AcknowledgeProvisions, RecordPledge,
                 AmendContract, SendTrainingReminders, RecordTrainingReport, RegisterDevice, ConfirmDeviceMeasures,
                 DestroyMedia, RetireDevice, InstructDisposal, DisposeAssets, ReportCreatedAssets,
                 AcknowledgeCreatedAssets>;

Result<std::vector<Event>> decide(const State& state, const Command& command, const Actor& actor, Timestamp now);

// Identifiers chosen by users: 1–64 of [a-z0-9._-], starting with a letter or digit.
bool valid_id(std::string_view id);

}  // namespace itaku::domain
