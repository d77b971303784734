// The SQL projection of the ID-badge events (木更津市 第11条(1); data/migrations/0007_badges.sql).

#include "itaku/domain/badge_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

namespace {

using storage::Param;
using storage::Text;

// The badge closes: returned or reported lost.
Result<void> close_badge(storage::Transaction& tx, const domain::Event& event, const std::string& number,
                         domain::BadgeStatus status, const std::string& note, std::int64_t index) {
  const std::string name(to_string(status));
  const auto at = format_utc(event.at);
  const Param row[] = {Text{name}, Text{note}, Text{at}, index, Text{event.contract}, Text{number}};
  return tx.execute(
      "UPDATE badges SET status = ?, lost_note = ?, closed_at = ?, closed_index = ? WHERE contract_id = ? AND "
      "number = ?",
      row);
}

}  // namespace

void register_badge_projections(Projections& p) {
  using namespace domain;
  p.own({{"badges", "contract_id, number"}});
  p.add<BadgeIssued>([](storage::Transaction& tx, const BadgeIssued& e, const Event& event, std::int64_t index) {
    const std::string status(to_string(BadgeStatus::Issued));
    const Param row[] = {Text{event.contract}, Text{e.number},  Text{e.person}, Text{e.organisation},
                         Text{e.issued},       Text{e.expires}, Text{status},   index};
    return tx.execute(
        "INSERT INTO badges (contract_id, number, person_id, organisation_id, issued_on, expires_on, status, "
        "lost_note, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)",
        row);
  });
  p.add<BadgeReturned>([](storage::Transaction& tx, const BadgeReturned& e, const Event& event, std::int64_t index) {
    return close_badge(tx, event, e.number, BadgeStatus::Returned, "", index);
  });
  p.add<BadgeLost>([](storage::Transaction& tx, const BadgeLost& e, const Event& event, std::int64_t index) {
    return close_badge(tx, event, e.number, BadgeStatus::Lost, e.note, index);
  });
  p.add<BadgeReturnDue>([](storage::Transaction& tx, const BadgeReturnDue& e, const Event& event, std::int64_t) {
    const std::string reason(to_string(e.reason));
    const auto at = format_utc(event.at);
    const Param row[] = {Text{at}, Text{reason}, Text{event.contract}, Text{e.number}};
    return tx.execute("UPDATE badges SET return_due_at = ?, return_due_reason = ? WHERE contract_id = ? AND number = ?",
                      row);
  });
}

}  // namespace itaku::service
