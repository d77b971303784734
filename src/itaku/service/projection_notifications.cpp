// The SQL projection of notifications and the outbox that sends them (data/migrations/0002_domain.sql).

#include "itaku/domain/notification_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_notification_projections(Projections& p) {
  using namespace domain;
  using storage::Param;
  using storage::Text;
  p.own({{"notifications", "id"}, {"outbox", "id"}});
  p.add<NotificationCreated>([](storage::Transaction& tx, const NotificationCreated& e, const Event& event,
                                std::int64_t index) -> Result<void> {
    const auto at = format_utc(event.at);
    const Param n[] = {
        Text{e.id},         Text{event.contract}, Text{e.kind},      Text{e.recipient}, Text{e.subject_ja},
        Text{e.subject_en}, Text{e.body_ja},      Text{e.reference}, Text{at},          index};
    TRY(tx.execute(
        "INSERT INTO notifications (id, contract_id, kind, recipient_id, subject_ja, subject_en, body_ja, reference, "
        "created_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        n));
    const Param o[] = {Text{e.id}, Text{e.id}, Text{e.recipient}, Text{e.subject_ja}, Text{e.body_ja}, Text{at}, index};
    return tx.execute(
        "INSERT INTO outbox (id, notification_id, channel, recipient_id, subject, body, status, created_at, "
        "ledger_index) VALUES (?, ?, 'email', ?, ?, ?, 'pending', ?, ?)",
        o);
  });
}

}  // namespace itaku::service
