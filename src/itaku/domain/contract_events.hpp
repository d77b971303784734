#pragma once
// Events of provision sets and contracts (docs/EVENTS.md): a set imported with its whole
// text, a contract created on a pinned set, a subcontractor (丙) added, and the lifecycle
// draft → active → closing → closed.

#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// provisions.imported: `source` is the whole TOML text; the rest is read from it.
struct ProvisionsImported {
  static constexpr std::string_view kType = "provisions.imported";
  std::string name, version, hash, municipality, title, source;
  static constexpr auto members() {
    using T = ProvisionsImported;
    return std::tuple{schema::member("name", &T::name),   schema::member("version", &T::version),
                      schema::member("hash", &T::hash),   schema::member("municipality", &T::municipality),
                      schema::member("title", &T::title), schema::member("source", &T::source)};
  }
};

// contract.created: the event's contract is the new contract's id.
struct ContractCreated {
  static constexpr std::string_view kType = "contract.created";
  std::string number, title, department, city, contractor, period_from, period_until, work_description;
  ProvisionRef provisions;
  static constexpr auto members() {
    using T = ContractCreated;
    return std::tuple{schema::member("number", &T::number),
                      schema::member("title", &T::title),
                      schema::member("department", &T::department),
                      schema::member("city", &T::city),
                      schema::member("contractor", &T::contractor),
                      schema::member("period_from", &T::period_from),
                      schema::member("period_until", &T::period_until),
                      schema::member("work_description", &T::work_description),
                      schema::member("provisions", &T::provisions)};
  }
};

// contract.subcontractor_added: 丙, engaged by `parent` (the contractor or another 丙).
struct SubcontractorAdded {
  static constexpr std::string_view kType = "contract.subcontractor_added";
  std::string organisation, parent;
  static constexpr auto members() {
    return std::tuple{schema::member("organisation", &SubcontractorAdded::organisation),
                      schema::member("parent", &SubcontractorAdded::parent)};
  }
};

// The lifecycle's steps carry no data: the event's contract and type say it all.
struct ContractActivated {
  static constexpr std::string_view kType = "contract.activated";
  static constexpr auto members() { return std::tuple{}; }
};
struct ContractClosingStarted {
  static constexpr std::string_view kType = "contract.closing_started";
  static constexpr auto members() { return std::tuple{}; }
};
struct ContractClosed {
  static constexpr std::string_view kType = "contract.closed";
  static constexpr auto members() { return std::tuple{}; }
};

// contract.amended: a change to the contract after it was concluded (変更契約): `note` says why;
// `provisions` is the set's version it now follows, `period_until` its new last day,
// `work_description` its new work — each absent when unchanged. Every amendment asks the
// workers to acknowledge the provisions again (木更津市 第7条).
struct ContractAmended {
  static constexpr std::string_view kType = "contract.amended";
  std::string note;
  std::optional<ProvisionRef> provisions;
  std::string period_until, work_description;
  static constexpr auto members() {
    using T = ContractAmended;
    return std::tuple{schema::member("note", &T::note), schema::member("provisions", &T::provisions),
                      schema::member("period_until", &T::period_until, Presence::OmitEmpty),
                      schema::member("work_description", &T::work_description, Presence::OmitEmpty)};
  }
};

void register_contract_events(EventTypes& types);

}  // namespace itaku::domain
