// Devices and media (木更津市 第12条, 第14条) and 返還・廃棄・消去 (長野市 第9, 木更津市 第5条): no
// table yet; every read goes through the state.

#include "itaku/domain/device_events.hpp"
#include "itaku/domain/disposal_events.hpp"
#include "itaku/service/projection.hpp"

namespace itaku::service {

void register_disposal_projections(Projections& p) {
  using namespace domain;
  p.add_unprojected<DeviceRegistered>();
  p.add_unprojected<DeviceMeasuresConfirmed>();
  p.add_unprojected<MediaDestroyed>();
  p.add_unprojected<DeviceRetired>();
  p.add_unprojected<DisposalInstructed>();
  p.add_unprojected<AssetsDisposed>();
  p.add_unprojected<CreatedAssetsReported>();
  p.add_unprojected<CreatedAssetsAcknowledged>();
}

}  // namespace itaku::service
