// The SQL projection of users and city roles (docs/AUTH.md; data/migrations/0002_domain.sql,
// 0003_auth.sql).

#include "itaku/domain/account_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

// Authentication and roles (docs/AUTH.md). Credentials, sessions and API token hashes are not
// projections: they hold secrets that are never in the ledger.
void register_account_projections(Projections& p) {
  using namespace domain;
  using storage::Param;
  using storage::Text;
  p.own({{"users", "login"}, {"roles", "person_id, contract_id, role"}});
  p.add<UserRegistered>([](storage::Transaction& tx, const UserRegistered& e, const Event&, std::int64_t index) {
    const Param row[] = {Text{e.login}, Text{e.person}, index};
    return tx.execute("INSERT INTO users (login, person_id, ledger_index) VALUES (?, ?, ?)", row);
  });
  p.add<UserAdminGranted>([](storage::Transaction& tx, const UserAdminGranted& e, const Event&, std::int64_t) {
    const Param row[] = {Text{e.login}};
    return tx.execute("UPDATE users SET admin = 'yes' WHERE login = ?", row);
  });
  p.add<UserDisabled>([](storage::Transaction& tx, const UserDisabled& e, const Event&, std::int64_t) {
    const Param row[] = {Text{e.login}};
    return tx.execute("UPDATE users SET disabled = 'yes' WHERE login = ?", row);
  });
  p.add<RoleGranted>([](storage::Transaction& tx, const RoleGranted& e, const Event& event, std::int64_t index) {
    const Param row[] = {Text{e.person}, Text{event.contract}, Text{e.role}, index};
    return tx.execute("INSERT INTO roles (person_id, contract_id, role, ledger_index) VALUES (?, ?, ?, ?)", row);
  });
  p.add<RoleRevoked>([](storage::Transaction& tx, const RoleRevoked& e, const Event& event, std::int64_t) {
    const Param row[] = {Text{e.person}, Text{event.contract}, Text{e.role}};
    return tx.execute("DELETE FROM roles WHERE person_id = ? AND contract_id = ? AND role = ?", row);
  });
  // Audit records only: the ledger is their home.
  p.add_unprojected<UserPasswordSet>();
  p.add_unprojected<UserTotpEnabled>();
  p.add_unprojected<UserTotpDisabled>();
  p.add_unprojected<SignedIn>();
  p.add_unprojected<SignInFailed>();
  p.add_unprojected<TokenCreated>();
  p.add_unprojected<TokenRevoked>();
  p.add_unprojected<TokenUsed>();
}

}  // namespace itaku::service
