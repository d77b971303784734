#pragma once
// Events of the register of devices and media (木更津市 第12条, 第14条; 長野市 第7): a device
// registered for a party, its security measures confirmed, the storage media in it physically
// destroyed, and the device retired (replaced, disposed of, or released from the contract).

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// device.registered: device `id` used by party `organisation` for the event's contract.
struct DeviceRegistered {
  static constexpr std::string_view kType = "device.registered";
  std::string id, kind, identifier, description, organisation, owner, location;
  std::vector<std::string> storage;
  static constexpr auto members() {
    using T = DeviceRegistered;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("kind", &T::kind),
                      schema::member("identifier", &T::identifier),
                      schema::member("description", &T::description),
                      schema::member("organisation", &T::organisation),
                      schema::member("owner", &T::owner),
                      schema::member("location", &T::location, Presence::OmitEmpty),
                      schema::member("storage", &T::storage)};
  }
};

// device.measures_confirmed: `by` (a person) confirmed the device's security measures; the device
// is managed from then on until it is retired.
struct DeviceMeasuresConfirmed {
  static constexpr std::string_view kType = "device.measures_confirmed";
  std::string id;
  std::vector<std::string> measures;
  std::string note, by;
  static constexpr auto members() {
    using T = DeviceMeasuresConfirmed;
    return std::tuple{schema::member("id", &T::id), schema::member("measures", &T::measures),
                      schema::member("note", &T::note, Presence::OmitEmpty), schema::member("by", &T::by)};
  }
};

// media.destroyed: storage media of device `id` physically destroyed (木更津市 第14条-1).
struct MediaDestroyed {
  static constexpr std::string_view kType = "media.destroyed";
  std::string id;
  std::vector<std::string> media;
  std::string method, performed_by, witnessed_by, performed_on, evidence_sha256, note;
  static constexpr auto members() {
    using T = MediaDestroyed;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("media", &T::media),
                      schema::member("method", &T::method),
                      schema::member("performed_by", &T::performed_by),
                      schema::member("witnessed_by", &T::witnessed_by, Presence::OmitEmpty),
                      schema::member("performed_on", &T::performed_on),
                      schema::member("evidence_sha256", &T::evidence_sha256, Presence::OmitEmpty),
                      schema::member("note", &T::note, Presence::OmitEmpty)};
  }
};

// device.retired: the device is no longer used for the contract — `reason` replaced, disposed or
// released (kept by its owner, the contract's data erased from it).
struct DeviceRetired {
  static constexpr std::string_view kType = "device.retired";
  std::string id, reason, note;
  static constexpr auto members() {
    using T = DeviceRetired;
    return std::tuple{schema::member("id", &T::id), schema::member("reason", &T::reason),
                      schema::member("note", &T::note, Presence::OmitEmpty)};
  }
};

void register_device_events(EventTypes& types);

}  // namespace itaku::domain
