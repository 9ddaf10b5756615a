import { Holiday, WeeklyHours } from './business-time';

/** Default working hours of a regency office (docs/domain.md, "SLA"): Mon-Thu 07:30-16:00, Fri 07:30-16:30. */
export const DEFAULT_HOURS: WeeklyHours = {
  mon: [['07:30', '16:00']],
  tue: [['07:30', '16:00']],
  wed: [['07:30', '16:00']],
  thu: [['07:30', '16:00']],
  fri: [['07:30', '16:30']],
  sat: [],
  sun: [],
};

/**
 * Indonesia's national holidays and cuti bersama, 2026: SKB Menteri Agama, Menteri Ketenagakerjaan
 * and Menteri PANRB No. 1497/2025, 2/2025, 5/2025 (17 libur nasional, 8 cuti bersama).
 */
export const HOLIDAYS_2026: Holiday[] = [
  { date: '2026-01-01', name: 'Tahun Baru 2026 Masehi' },
  { date: '2026-01-16', name: 'Isra Mikraj Nabi Muhammad SAW' },
  { date: '2026-02-16', name: 'Cuti bersama Tahun Baru Imlek' },
  { date: '2026-02-17', name: 'Tahun Baru Imlek 2577 Kongzili' },
  { date: '2026-03-18', name: 'Cuti bersama Hari Suci Nyepi' },
  { date: '2026-03-19', name: 'Hari Suci Nyepi Tahun Baru Saka 1948' },
  { date: '2026-03-20', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-21', name: 'Idul Fitri 1447 H' },
  { date: '2026-03-22', name: 'Idul Fitri 1447 H (hari kedua)' },
  { date: '2026-03-23', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-03-24', name: 'Cuti bersama Idul Fitri 1447 H' },
  { date: '2026-04-03', name: 'Wafat Yesus Kristus' },
  { date: '2026-04-05', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2026-05-01', name: 'Hari Buruh Internasional' },
  { date: '2026-05-14', name: 'Kenaikan Yesus Kristus' },
  { date: '2026-05-15', name: 'Cuti bersama Kenaikan Yesus Kristus' },
  { date: '2026-05-27', name: 'Idul Adha 1447 H' },
  { date: '2026-05-28', name: 'Cuti bersama Idul Adha 1447 H' },
  { date: '2026-05-31', name: 'Hari Raya Waisak 2570 BE' },
  { date: '2026-06-01', name: 'Hari Lahir Pancasila' },
  { date: '2026-06-16', name: 'Tahun Baru Islam 1448 H' },
  { date: '2026-08-17', name: 'Proklamasi Kemerdekaan Republik Indonesia' },
  { date: '2026-08-25', name: 'Maulid Nabi Muhammad SAW' },
  { date: '2026-12-24', name: 'Cuti bersama Kelahiran Yesus Kristus' },
  { date: '2026-12-25', name: 'Kelahiran Yesus Kristus (Natal)' },
];

/**
 * 2027, provisional: no SKB for 2027 was available when this list was made. Fixed dates are certain;
 * lunar and lunisolar dates (Islamic, Imlek, Nyepi, Waisak) are astronomical estimates, and the cuti
 * bersama follow the pattern of recent SKBs. Entries marked "(perkiraan)" must be checked against the
 * SKB 2027 and corrected through PUT /calendar.
 */
export const HOLIDAYS_2027: Holiday[] = [
  { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi' },
  { date: '2027-01-05', name: 'Isra Mikraj Nabi Muhammad SAW (perkiraan)' },
  { date: '2027-02-05', name: 'Cuti bersama Tahun Baru Imlek (perkiraan)' },
  { date: '2027-02-06', name: 'Tahun Baru Imlek 2578 Kongzili' },
  { date: '2027-03-08', name: 'Hari Suci Nyepi Tahun Baru Saka 1949 (perkiraan)' },
  { date: '2027-03-09', name: 'Cuti bersama Idul Fitri 1448 H (perkiraan)' },
  { date: '2027-03-10', name: 'Idul Fitri 1448 H (perkiraan)' },
  { date: '2027-03-11', name: 'Idul Fitri 1448 H, hari kedua (perkiraan)' },
  { date: '2027-03-12', name: 'Cuti bersama Idul Fitri 1448 H (perkiraan)' },
  { date: '2027-03-15', name: 'Cuti bersama Idul Fitri 1448 H (perkiraan)' },
  { date: '2027-03-26', name: 'Wafat Yesus Kristus' },
  { date: '2027-03-28', name: 'Kebangkitan Yesus Kristus (Paskah)' },
  { date: '2027-05-01', name: 'Hari Buruh Internasional' },
  { date: '2027-05-06', name: 'Kenaikan Yesus Kristus' },
  { date: '2027-05-07', name: 'Cuti bersama Kenaikan Yesus Kristus (perkiraan)' },
  { date: '2027-05-16', name: 'Idul Adha 1448 H (perkiraan)' },
  { date: '2027-05-17', name: 'Cuti bersama Idul Adha 1448 H (perkiraan)' },
  { date: '2027-05-20', name: 'Hari Raya Waisak 2571 BE (perkiraan)' },
  { date: '2027-06-01', name: 'Hari Lahir Pancasila' },
  { date: '2027-06-06', name: 'Tahun Baru Islam 1449 H (perkiraan)' },
  { date: '2027-08-15', name: 'Maulid Nabi Muhammad SAW (perkiraan)' },
  { date: '2027-08-17', name: 'Proklamasi Kemerdekaan Republik Indonesia' },
  { date: '2027-12-24', name: 'Cuti bersama Kelahiran Yesus Kristus (perkiraan)' },
  { date: '2027-12-25', name: 'Kelahiran Yesus Kristus (Natal)' },
];

export const DEFAULT_HOLIDAYS: Holiday[] = [...HOLIDAYS_2026, ...HOLIDAYS_2027];
