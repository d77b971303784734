#pragma once
// Events of 返還・廃棄・消去 (長野市 第9, 木更津市 第5条): the city's instruction to return,
// dispose of or erase assets by a day; a party's act of disposing of or erasing assets; and the
// report of the assets a party created or acquired, with who keeps each after the contract,
// and the city's acknowledgement of it.

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// disposal.instructed: the city (`by`) instructs that `assets` be returned, disposed of or erased
// (`disposition`, "" for any of them) by `due` (YYYY-MM-DD, the last day).
struct DisposalInstructed {
  static constexpr std::string_view kType = "disposal.instructed";
  std::string id;
  std::vector<std::string> assets;
  std::string disposition, due, note, by;
  static constexpr auto members() {
    using T = DisposalInstructed;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("assets", &T::assets),
                      schema::member("disposition", &T::disposition, Presence::OmitEmpty),
                      schema::member("due", &T::due),
                      schema::member("note", &T::note, Presence::OmitEmpty),
                      schema::member("by", &T::by)};
  }
};

// assets.disposed: party `organisation` disposed of or erased (`disposition`) `assets`.
struct AssetsDisposed {
  static constexpr std::string_view kType = "assets.disposed";
  std::string id, organisation;
  std::vector<std::string> assets;
  std::string disposition, method, media, performed_by, witnessed_by, performed_on, instruction, note;
  static constexpr auto members() {
    using T = AssetsDisposed;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("organisation", &T::organisation),
                      schema::member("assets", &T::assets),
                      schema::member("disposition", &T::disposition),
                      schema::member("method", &T::method),
                      schema::member("media", &T::media, Presence::OmitEmpty),
                      schema::member("performed_by", &T::performed_by),
                      schema::member("witnessed_by", &T::witnessed_by, Presence::OmitEmpty),
                      schema::member("performed_on", &T::performed_on),
                      schema::member("instruction", &T::instruction, Presence::OmitEmpty),
                      schema::member("note", &T::note, Presence::OmitEmpty)};
  }
};

// created_assets.reported: party `organisation` reports the assets it created or acquired and who
// keeps each after the contract (木更津市 第5条-2).
struct CreatedAssetsReported {
  static constexpr std::string_view kType = "created_assets.reported";
  std::string organisation;
  std::vector<CreatedAssetKeeper> items;
  std::string note, by;
  static constexpr auto members() {
    using T = CreatedAssetsReported;
    return std::tuple{schema::member("organisation", &T::organisation), schema::member("items", &T::items),
                      schema::member("note", &T::note, Presence::OmitEmpty), schema::member("by", &T::by)};
  }
};

// created_assets.acknowledged: the city (`by`) acknowledges party `organisation`'s report recorded
// at ledger index `report`.
struct CreatedAssetsAcknowledged {
  static constexpr std::string_view kType = "created_assets.acknowledged";
  std::string organisation;
  std::uint64_t report = 0;
  std::string by;
  static constexpr auto members() {
    using T = CreatedAssetsAcknowledged;
    return std::tuple{schema::member("organisation", &T::organisation), schema::member("report", &T::report),
                      schema::member("by", &T::by)};
  }
};

void register_disposal_events(EventTypes& types);

}  // namespace itaku::domain
