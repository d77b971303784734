#pragma once
// Receipts (受領証, 長野市 第8-2): the printed acknowledgement that a contractor received the
// city's information assets, carrying its ledger record number, a QR code to verify it and a
// machine-readable payload.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

struct ReceiptItem {
  std::string asset;        // asset id, e.g. "a-juminhyo-2026"
  std::string description;  // 住民基本台帳データ（2026年4月分）
  std::string asset_class;  // class name as shown, e.g. 個人情報
  std::string media;        // 媒体, e.g. USBメモリ, 紙
  std::string quantity;     // 数量 as written, e.g. "1", "3冊"
};

struct Receipt {
  std::string number;                // 受領証番号, e.g. "長野市情政第2026-001号-R0001"
  std::string addressee;             // 宛先, e.g. "長野市長 様" — the city
  std::string city;                  // 長野市
  std::string contractor;            // receiving organisation name, e.g. 株式会社信州データサービス
  std::string contract_number;       // 契約番号
  std::string contract_title;        // 件名
  std::string handed_over_by;        // the city's person, name as shown
  std::string handed_over_by_title;  // their department and title as registered: 情報政策課 主査
  std::string received_by;           // the receiving person, name as shown
  std::string received_by_title;     // 公共事業部 部長
  std::string received_date;         // already formatted for display: "2026年12月2日" or "令和8年12月2日"
  std::string received_at;           // 受領日時, formatted: "令和8年12月2日 14時05分"
  std::vector<ReceiptItem> items;
  std::uint64_t ledger_index = 0;  // printed: 台帳記録番号
  std::string ledger_origin;       // printed small, e.g. "nagano.itaku/ledger"
  std::string verify_url;          // encoded in the QR code and printed under it
  std::string payload;             // machine-readable verification data: printable ASCII only, any length up to 64 KiB
};

// Renders an A4 portrait PDF in Japanese with the fonts embedded (subset): the receipt number
// and date, the addressee, the receiving party and person, 記, the contract and the time of
// receipt, who received and who handed over (their organisation, department and title, name),
// the items, 以上, and the ledger block with its QR code.
Result<std::string> render_receipt_pdf(const Receipt& receipt);

// Finds the payload embedded by render_receipt_pdf in PDF bytes; error "receipt.no_payload"
// (ErrorKind::Invalid) when the file is not a receipt made by itaku.
Result<std::string> extract_receipt_payload(std::string_view pdf);

}  // namespace itaku::documents
