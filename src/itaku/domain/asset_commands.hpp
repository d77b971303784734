#pragma once
// The rules of the information-asset commands (classes, register, hand-overs, receipts,
// denial notices). Internal to the domain module: callers use decide() in commands.hpp.

#include <vector>

#include "itaku/domain/commands.hpp"

namespace itaku::domain {

Result<std::vector<Event>> decide_asset(const State& state, const DefineAssetClass& c, const Actor& actor,
                                        Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const RegisterAsset& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const TransferAssets& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const AcknowledgeTransfer& c, const Actor& actor,
                                        Timestamp now);
Result<std::vector<Event>> decide_asset(const State& state, const NotifyDenial& c, const Actor& actor, Timestamp now);

}  // namespace itaku::domain
