#pragma once
// itaku-bench compliance: per-clause compliance of a large contract — 10,000 workers on the
// rosters of 乙 and its 丙, 100,000 registered assets with hand-overs and receipts, an access
// tally of 1,000,000 decisions — under each built-in provision set: compliance::evaluate and
// compliance::to_json timed in process, each evaluated control timed alone, and the contract's
// 「遵守状況」 page and API answer timed through the real router; and the number of not_tracked
// controls of each demo contract. One JSON object.

#include <string>

namespace itaku::bench {

struct ComplianceBenchOptions {
  int workers = 10'000;
  int assets = 100'000;
  int decisions = 1'000'000;  // per large contract, in its access tally
  int accesses = 20'000;      // observed accesses, per large contract
  int subcontractors = 3;
  int repeats = 100;        // timed evaluations (and pages) of each kind
  bool skip_page = false;   // only the in-process figures: no ledger, no service
  std::string data_dir;     // keep the page's instance here; default: a temporary directory, removed
  std::string reports_dir;  // write each large contract's report (compliance::to_json) here
};

int run_compliance(const ComplianceBenchOptions& options);

}  // namespace itaku::bench
