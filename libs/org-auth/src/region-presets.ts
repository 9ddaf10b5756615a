/**
 * The regencies whose regulations define this desk (Perbup Banjar 85/2019, Majene, Pangkajene dan
 * Kepulauan, Barru 9/2019, Maluku Tenggara 37/2021). `DEMO_REGION` picks one; Banjar is the default.
 */
export interface RegionPreset {
  code: string;
  name: string;
  dinasName: string;
  dinasCode: string;
  timezone: string;
}

export const REGION_PRESETS: Record<string, RegionPreset> = {
  banjar: {
    code: 'banjar',
    name: 'Pemerintah Kabupaten Banjar',
    dinasName: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    dinasCode: 'DISKOMINFOSP',
    timezone: 'Asia/Makassar',
  },
  majene: {
    code: 'majene',
    name: 'Pemerintah Kabupaten Majene',
    dinasName: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    dinasCode: 'DISKOMINFOSP',
    timezone: 'Asia/Makassar',
  },
  pangkep: {
    code: 'pangkep',
    name: 'Pemerintah Kabupaten Pangkajene dan Kepulauan',
    dinasName: 'Dinas Komunikasi, Informatika, Statistik dan Persandian',
    dinasCode: 'DISKOMINFOSP',
    timezone: 'Asia/Makassar',
  },
  barru: {
    code: 'barru',
    name: 'Pemerintah Kabupaten Barru',
    dinasName: 'Dinas Komunikasi dan Informatika',
    dinasCode: 'DISKOMINFO',
    timezone: 'Asia/Makassar',
  },
  malra: {
    code: 'malra',
    name: 'Pemerintah Kabupaten Maluku Tenggara',
    dinasName: 'Dinas Komunikasi dan Informatika',
    dinasCode: 'DISKOMINFO',
    timezone: 'Asia/Jayapura',
  },
};
