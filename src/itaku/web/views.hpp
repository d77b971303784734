#pragma once
// The view pieces the pages of several capabilities share, worded in the frame's catalog: a
// person as a link, who recorded something, a contract's heading, a roster version's line, the
// tabs between a contract's asset pages, and the links to rosters, assets and ledger entries.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"
#include "itaku/web/frame.hpp"

namespace itaku::provisions {
struct Clause;
}  // namespace itaku::provisions

namespace itaku::compliance {
enum class Status;  // compliance/compliance.hpp
}  // namespace itaku::compliance

namespace itaku::web {

std::string roster_url(const std::string& contract, const std::string& organisation);
std::string asset_url(const std::string& contract, const std::string& asset);
std::string entry_url(std::uint64_t index);
std::string approval_url(const std::string& contract, const std::string& approval);

// What a reference to a person says beside their name: their departure, if they left (the
// roster and people pages), or their organisation (the asset pages show it under the name).
enum class PersonDetail { Departure, Organisation };

// The frame with the shared view pieces; each capability's pages derive from it and call them
// as their own.
class PageViews : public PageFrame {
 public:
  using PageFrame::PageFrame;

  // {id, name, url (their page, if the principal may read them), and the detail}.
  nlohmann::json person_ref(const Page& page, const domain::State& state, const std::string& id,
                            PersonDetail detail) const;
  // "name (organisation)", as a choice in a list of people.
  std::string person_option(const Page& page, const domain::State& state, const domain::Person& person) const;
  // Who recorded something, from an event's actor: a person by name, a token as the token.
  std::string actor_text(const Page& page, const domain::State& state, const std::string& actor) const;
  std::string departure_text(const Page& page, const domain::Departure& departure) const;
  // A party as its symbol (甲, 乙, 丙) and its organisation's name.
  std::string party_label(const Page& page, const domain::State& state, const domain::Party& party) const;
  std::string party_symbol(const Page& page, domain::PartyRole role) const;
  std::string version_label(const Page& page, int version) const;
  // A roster's access permission: to view or to use.
  std::string permission_text(const Page& page, const std::string& permission) const;
  nlohmann::json contract_head(const Page& page, const domain::Contract& contract) const;
  // A roster version's line: who submitted it when, its diff, and the city's acknowledgement
  // (the form for it when `city_writer` may give it).
  nlohmann::json version_view(const Page& page, const domain::State& state, const domain::Contract& contract,
                              const domain::RosterVersion& version, bool city_writer) const;
  // One clause of a provision set for _clause.mustache: its number, title and full text (each
  // paragraph with its items), the English summary on English pages, and the controls that
  // implement it, each with the vocabulary's summary in the page's language.
  nlohmann::json clause_view(const Page& page, const provisions::Clause& clause) const;
  // What a control of the vocabulary means, in the page's language ("" for an unknown id).
  // What the control asks for, in the page's language (the set's own sentence where it has one).
  std::string control_summary(const Page& page, std::string_view id,
                              const std::map<std::string, std::string>& params) const;
  // A compliance status as a badge: {key, label in the page's language, class}.
  nlohmann::json status_view(const Page& page, compliance::Status status) const;
  // The page of a provision set (GET /provisions/{name}/{version}).
  static std::string provisions_url(const std::string& name, const std::string& version);

  // --- the city's written approvals' ---
  // An approval type as people read it (複写・複製, 持ち出し, …); a type the vocabulary does not
  // name is shown as written.
  std::string approval_type_text(const Page& page, std::string_view type) const;
  // An approval's status as a badge: {label in the page's language, class}.
  nlohmann::json approval_status_view(const Page& page, domain::ApprovalStatus status) const;

  // --- the asset pages' ---
  std::string class_name(const Page& page, const domain::Contract& contract, const std::string& id) const;
  // The links between the asset pages of one contract, the current one marked.
  nlohmann::json tabs(const Page& page, const domain::Contract& contract, std::string_view current) const;
  // Who acknowledged a hand-over and when ("" while it waits).
  std::string acknowledged_text(const Page& page, const domain::State& state, const domain::Transfer& transfer) const;
  // A page about a contract: not found without `data`, else template `name` titled "<the
  // title at `title_key`> — <the contract's number>" (data["contract"], from contract_head).
  http::Response contract_page(const Page& page, int status, std::string_view name, std::string_view title_key,
                               std::optional<nlohmann::json> data) const;
};

}  // namespace itaku::web
