#pragma once
// Events of information assets (長野市 第3, 第8; 木更津市 第3条, 第11条(3)(4)): a class defined,
// an asset registered, a hand-over (授受) made and acknowledged, a receipt (受領証) issued.

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/assets.hpp"
#include "itaku/domain/event_types.hpp"

namespace itaku::domain {

// asset_class.defined: the whole definition of a class, new or changed; the data is the class
// itself (to_json(AssetClass)).
struct AssetClassDefined {
  static constexpr std::string_view kType = "asset_class.defined";
  AssetClass definition;
};

// asset.registered: an entry in the register of the contract's information assets.
struct AssetRegistered {
  static constexpr std::string_view kType = "asset.registered";
  std::string id, asset_class, description;
  AssetOrigin origin = AssetOrigin::Created;
  std::string copy_of, media, quantity, custodian, location;
  std::string approval = {};  // a copy: the approval it was made under (長野市 第6-2, 木更津市 第3条(2))
  static constexpr auto members() {
    using T = AssetRegistered;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("class", &T::asset_class),
                      schema::member("description", &T::description),
                      schema::member("origin", &T::origin),
                      schema::member("copy_of", &T::copy_of),
                      schema::member("media", &T::media),
                      schema::member("quantity", &T::quantity),
                      schema::member("custodian", &T::custodian),
                      schema::member("location", &T::location),
                      schema::member("approval", &T::approval, Presence::OmitEmpty)};
  }
};

// custody.transferred: a hand-over from one person to another, waiting for acknowledgement.
struct CustodyTransferred {
  static constexpr std::string_view kType = "custody.transferred";
  std::string id;
  std::vector<std::string> assets;
  std::string from, to, from_organisation, to_organisation;
  bool from_city = false;  // the city hands over: a receipt follows the acknowledgement
  std::string note;
  static constexpr auto members() {
    using T = CustodyTransferred;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("assets", &T::assets),
                      schema::member("from", &T::from),
                      schema::member("to", &T::to),
                      schema::member("from_organisation", &T::from_organisation),
                      schema::member("to_organisation", &T::to_organisation),
                      schema::yes_no("from_city", &T::from_city),
                      schema::member("note", &T::note)};
  }
};

// custody.cancelled: the handing side (`by`) withdraws a hand-over the receiver has not
// acknowledged; the assets stay with the giver.
struct CustodyCancelled {
  static constexpr std::string_view kType = "custody.cancelled";
  std::string transfer, by, reason;
  static constexpr auto members() {
    using T = CustodyCancelled;
    return std::tuple{schema::member("transfer", &T::transfer), schema::member("by", &T::by),
                      schema::member("reason", &T::reason)};
  }
};

// custody.acknowledged: the receiving side (`by`) confirms; custody moves.
struct CustodyAcknowledged {
  static constexpr std::string_view kType = "custody.acknowledged";
  std::string transfer, by;
  static constexpr auto members() {
    return std::tuple{schema::member("transfer", &CustodyAcknowledged::transfer),
                      schema::member("by", &CustodyAcknowledged::by)};
  }
};

// One line of a receipt: what was handed over, as the register described it then.
struct ReceiptItem {
  std::string asset, description, asset_class, media, quantity;
  static constexpr auto members() {
    using T = ReceiptItem;
    return std::tuple{schema::member("asset", &T::asset), schema::member("description", &T::description),
                      schema::member("class", &T::asset_class), schema::member("media", &T::media),
                      schema::member("quantity", &T::quantity)};
  }
};

// receipt.issued (長野市 第8-2): the receipt's whole content, so that the printed receipt can be
// verified against the ledger. Names and titles are as they were when it was issued; the time
// of receipt is the entry's own.
struct ReceiptIssued {
  static constexpr std::string_view kType = "receipt.issued";
  std::string number, transfer, contract_number, contract_title, city, receiver_organisation;
  std::string handed_over_by, handed_over_by_name, received_by, received_by_name, acknowledged_by;
  // The person's 職 as registered, which carries their department: 「情報政策課 主査」. Left
  // out when the person has none, and absent from receipts issued before titles were printed.
  std::string handed_over_by_title, received_by_title;
  std::string date;  // YYYY-MM-DD, JST
  std::vector<ReceiptItem> items;
  static constexpr auto members() {
    using T = ReceiptIssued;
    return std::tuple{schema::member("number", &T::number),
                      schema::member("transfer", &T::transfer),
                      schema::member("contract_number", &T::contract_number),
                      schema::member("contract_title", &T::contract_title),
                      schema::member("city", &T::city),
                      schema::member("receiver_organisation", &T::receiver_organisation),
                      schema::member("handed_over_by", &T::handed_over_by),
                      schema::member("handed_over_by_name", &T::handed_over_by_name),
                      schema::member("handed_over_by_title", &T::handed_over_by_title, Presence::OmitEmpty),
                      schema::member("received_by", &T::received_by),
                      schema::member("received_by_name", &T::received_by_name),
                      schema::member("received_by_title", &T::received_by_title, Presence::OmitEmpty),
                      schema::member("acknowledged_by", &T::acknowledged_by),
                      schema::member("date", &T::date, Presence::Optional),
                      schema::member("items", &T::items)};
  }
};

void register_asset_events(EventTypes& types);

}  // namespace itaku::domain

namespace itaku::schema {

template <>
struct Codec<domain::AssetOrigin>
    : EnumCodec<domain::AssetOrigin, static_cast<std::string_view (*)(domain::AssetOrigin)>(&domain::to_string),
                &domain::asset_origin> {};

template <>
struct Codec<domain::AssetClassDefined> {
  static nlohmann::json encode(const domain::AssetClassDefined& value) {
    return Codec<domain::AssetClass>::encode(value.definition);
  }
  static std::optional<Problem> decode(const nlohmann::json& json, domain::AssetClassDefined& out,
                                       const std::string& path) {
    return Codec<domain::AssetClass>::decode(json, out.definition, path);
  }
};

}  // namespace itaku::schema
