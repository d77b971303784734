#pragma once
// People of the organisations (職・氏名, 木更津市 第4条): registered once and never deleted. A
// departure (転勤・退職) ends their assignments at once (長野市 第5-2): every roster they are on
// gets a new version, and the badges they hold are due back (木更津市 第11条(1)).
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_person, are internal to the domain module: callers use decide().

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

struct RegisterPerson {
  static constexpr std::string_view kName = "person.register";
  std::string id, organisation, name, title, email;
  static constexpr auto members() {
    using T = RegisterPerson;
    return std::tuple{
        schema::member("id", &T::id).label("人のID", "Person id").format(schema::Format::Id),
        schema::member("organisation", &T::organisation).label("所属", "Organisation").refers("organisation"),
        schema::member("name", &T::name).label("氏名", "Name").max_length(200),
        schema::member("title", &T::title, Presence::Optional)
            .label("職名", "Title")
            .help("部署と職名。受領証などの書面に印字されます（例: 情報政策課 主査）",
                  "department and title, as documents such as receipts print them (e.g. 情報政策課 主査)")
            .max_length(100),
        schema::member("email", &T::email, Presence::Optional)
            .label("メールアドレス", "E-mail address")
            .help("通知の送り先", "where notifications are sent")
            .format(schema::Format::Email)
            .max_length(254)};
  }
};
// 転勤・退職: ends the person's assignments from `effective` (YYYY-MM-DD, or a UTC time) and
// submits a new roster version for each contract they were on; the person stays.
struct RecordDeparture {
  static constexpr std::string_view kName = "person.record_departure";
  std::string person, reason, effective;
  static constexpr auto members() {
    using T = RecordDeparture;
    return std::tuple{schema::member("person", &T::person).label("人", "Person").refers("person"),
                      schema::member("reason", &T::reason)
                          .label("事由", "Reason")
                          .help("transferred（転勤）または left（退職）", "transferred or left"),
                      schema::member("effective", &T::effective)
                          .label("効力発生日", "Effective")
                          .help("この日（日本時間）またはこの時刻（UTC）からアクセスを終える",
                                "access ends from this date (JST) or UTC time")
                          .format(schema::Format::DateOrTime)};
  }
};

Result<std::vector<Event>> decide_person(const State& state, const RegisterPerson& c, const Actor& actor,
                                         Timestamp now);
Result<std::vector<Event>> decide_person(const State& state, const RecordDeparture& c, const Actor& actor,
                                         Timestamp now);

}  // namespace itaku::domain
