import { Role } from '@desk/org-auth';

/** Demo organisation of a regency: realistic PD names, Dinas teams, categories and one user per role. */
export const DEMO_PASSWORD = 'Demo#2026';
export const DEMO_EMAIL_DOMAIN = 'demo.go.id';

export const DEMO_PDS = [
  { code: 'DINKES', name: 'Dinas Kesehatan' },
  { code: 'DISDIKBUD', name: 'Dinas Pendidikan dan Kebudayaan' },
  { code: 'BPKAD', name: 'Badan Pengelolaan Keuangan dan Aset Daerah' },
  { code: 'DISDUKCAPIL', name: 'Dinas Kependudukan dan Pencatatan Sipil' },
  { code: 'BAPPEDA', name: 'Badan Perencanaan Pembangunan Daerah' },
  { code: 'DPUPR', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' },
  { code: 'SETDA', name: 'Sekretariat Daerah' },
  { code: 'BKPSDM', name: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia' },
  { code: 'INSPEKTORAT', name: 'Inspektorat Daerah' },
  { code: 'RSUD', name: 'Rumah Sakit Umum Daerah', mandiriTik: true },
];

export const DEMO_TEAMS = [
  { code: 'NETWORK', name: 'Jaringan dan Infrastruktur' },
  { code: 'APPS', name: 'Aplikasi dan Layanan Digital' },
  { code: 'DATACENTER', name: 'Pusat Data dan Hosting' },
  { code: 'CSIRT', name: 'Keamanan Informasi (CSIRT)', security: true },
];

export const DEMO_CATEGORIES = [
  { code: 'NETWORK', name: 'Jaringan / Internet', team: 'NETWORK' },
  { code: 'HARDWARE', name: 'Perangkat Keras (komputer, printer)', team: 'NETWORK' },
  { code: 'EMAIL', name: 'Email Dinas', team: 'APPS' },
  { code: 'ACCOUNT', name: 'Akun dan SSO', team: 'APPS' },
  { code: 'APP-GENERAL', name: 'Aplikasi Umum (SRIKANDI, SIPD, e-Kinerja)', team: 'APPS' },
  { code: 'APP-AGENCY', name: 'Aplikasi Perangkat Daerah', team: 'APPS' },
  { code: 'SERVER', name: 'Server / Pusat Data', team: 'DATACENTER' },
  { code: 'WEBSITE', name: 'Website / Subdomain', team: 'DATACENTER' },
  { code: 'SECURITY', name: 'Keamanan Informasi', team: 'CSIRT' },
];

export interface DemoUser {
  key: string;
  name: string;
  email: string;
  unit: string; // PD code, or 'DINAS'
  roles: Role[];
  teams?: string[];
  nip?: string;
}

const at = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

export const DEMO_USERS: DemoUser[] = [
  { key: 'admin', name: 'Administrator Sistem', email: at('admin'), unit: 'DINAS', roles: [Role.Admin] },
  { key: 'supervisor', name: 'Hj. Rina Marlina, S.Kom., M.T.', email: at('supervisor'), unit: 'DINAS', roles: [Role.Supervisor], nip: '197805122005012004' },
  { key: 'tier2', name: 'Ahmad Fauzi, S.T.', email: at('tier2'), unit: 'DINAS', roles: [Role.Tier2], teams: ['NETWORK', 'DATACENTER'], nip: '198902142014031002' },
  { key: 'tier2apps', name: 'Dewi Lestari, S.Kom.', email: at('tier2.apps'), unit: 'DINAS', roles: [Role.Tier2], teams: ['APPS'] },
  { key: 'csirt', name: 'Rizky Pratama, S.Kom.', email: at('csirt'), unit: 'DINAS', roles: [Role.Csirt, Role.Tier2], teams: ['CSIRT'] },
  { key: 'tier1', name: 'Muhammad Ridwan', email: at('tier1'), unit: 'DINKES', roles: [Role.Tier1], nip: '199107082019031005' },
  { key: 'tier1disdik', name: 'Siti Nurhaliza', email: at('tier1.disdikbud'), unit: 'DISDIKBUD', roles: [Role.Tier1] },
  { key: 'unithead', name: 'dr. H. Abdul Rahman, M.Kes.', email: at('kepala'), unit: 'DINKES', roles: [Role.UnitHead], nip: '197101011998031007' },
  { key: 'requester', name: 'Nur Aisyah', email: at('pegawai'), unit: 'DINKES', roles: [Role.Requester], nip: '199503202020122011' },
  { key: 'requesterdisdik', name: 'Budi Santoso', email: at('pegawai.disdikbud'), unit: 'DISDIKBUD', roles: [Role.Requester] },
  // A Tier 1 technician for every other PD: each PD's single point of contact.
  ...DEMO_PDS.filter((pd) => !['DINKES', 'DISDIKBUD'].includes(pd.code)).map((pd) => ({
    key: `tier1-${pd.code}`,
    name: `Teknisi TIK ${pd.code}`,
    email: at(`tier1.${pd.code.toLowerCase()}`),
    unit: pd.code,
    roles: [Role.Tier1],
  })),
  ...DEMO_PDS.filter((pd) => !['DINKES', 'DISDIKBUD'].includes(pd.code)).map((pd) => ({
    key: `requester-${pd.code}`,
    name: `Staf ${pd.code}`,
    email: at(`pegawai.${pd.code.toLowerCase()}`),
    unit: pd.code,
    roles: [Role.Requester],
  })),
];

/** Ticket subjects PD staff really send; `flow` is how far each gets in the demo. */
export const DEMO_TICKETS: {
  pd: string;
  title: string;
  description: string;
  category: string;
  kind: 'complaint' | 'incident' | 'problem' | 'request' | 'change';
  impact: 1 | 2 | 3;
  urgency: 1 | 2 | 3;
  flow: 'new' | 'assigned' | 'in_progress' | 'pending' | 'resolved' | 'closed' | 'cancelled';
  hoursAgo?: number;
}[] = [
  { pd: 'DINKES', title: 'Internet mati di ruang Bidang Pelayanan Kesehatan', description: 'Sejak pukul 08.00 semua komputer di lantai 2 tidak bisa membuka situs apa pun. Lampu modem menyala merah.', category: 'NETWORK', kind: 'incident', impact: 2, urgency: 1, flow: 'new', hoursAgo: 3 },
  { pd: 'DINKES', title: 'Printer di ruang Sekretariat tidak bisa mencetak', description: 'Printer Epson L3210 menampilkan lampu berkedip dan kertas tidak tertarik.', category: 'HARDWARE', kind: 'complaint', impact: 3, urgency: 2, flow: 'assigned' },
  { pd: 'DINKES', title: 'Lupa kata sandi akun SRIKANDI', description: 'Saya tidak bisa masuk ke SRIKANDI untuk mengirim surat dinas hari ini, mohon reset kata sandi.', category: 'ACCOUNT', kind: 'request', impact: 3, urgency: 1, flow: 'in_progress' },
  { pd: 'DINKES', title: 'Aplikasi e-Puskesmas lambat saat jam sibuk', description: 'Antara pukul 09.00 dan 11.00 setiap simpan data pasien butuh lebih dari satu menit.', category: 'APP-AGENCY', kind: 'problem', impact: 2, urgency: 2, flow: 'pending' },
  { pd: 'DINKES', title: 'Permintaan akun email dinas untuk pegawai baru', description: 'Mohon dibuatkan email dinas untuk tiga CPNS baru di Bidang P2P, data terlampir.', category: 'EMAIL', kind: 'request', impact: 3, urgency: 3, flow: 'resolved' },
  { pd: 'DINKES', title: 'Komputer di loket informasi sering mati sendiri', description: 'Komputer mati tiba-tiba 3-4 kali sehari, biasanya setelah dipakai lama.', category: 'HARDWARE', kind: 'complaint', impact: 3, urgency: 2, flow: 'closed' },
  { pd: 'DINKES', title: 'Wi-Fi aula tidak bisa dipakai untuk rapat daring', description: 'Rapat Zoom dengan Kementerian Kesehatan besok pagi, Wi-Fi aula tidak memberi alamat IP.', category: 'NETWORK', kind: 'incident', impact: 2, urgency: 1, flow: 'new', hoursAgo: 30 },
  { pd: 'DINKES', title: 'Pasang aplikasi SIPD di laptop Kasubbag Keuangan', description: 'Laptop baru perlu dipasang aplikasi pendukung SIPD dan sertifikat elektronik.', category: 'APP-GENERAL', kind: 'request', impact: 3, urgency: 3, flow: 'cancelled' },
  { pd: 'DISDIKBUD', title: 'Dapodik tidak bisa sinkron', description: 'Operator sekolah melaporkan sinkronisasi Dapodik gagal dengan pesan koneksi terputus.', category: 'NETWORK', kind: 'incident', impact: 1, urgency: 1, flow: 'in_progress', hoursAgo: 2 },
  { pd: 'DISDIKBUD', title: 'Situs disdikbud menampilkan halaman kosong', description: 'Halaman utama situs resmi dinas menampilkan layar putih sejak tadi malam.', category: 'WEBSITE', kind: 'incident', impact: 2, urgency: 1, flow: 'assigned' },
  { pd: 'DISDIKBUD', title: 'Scanner di bagian umum tidak terdeteksi', description: 'Scanner Canon tidak muncul di Windows setelah pembaruan sistem.', category: 'HARDWARE', kind: 'complaint', impact: 3, urgency: 3, flow: 'new' },
  { pd: 'DISDIKBUD', title: 'Tambah subdomain untuk PPDB', description: 'Mohon dibuatkan subdomain ppdb untuk pendaftaran peserta didik baru tahun ajaran depan.', category: 'WEBSITE', kind: 'change', impact: 2, urgency: 3, flow: 'resolved' },
  { pd: 'BPKAD', title: 'SIPD error saat input SPM', description: 'Muncul pesan "Gagal menyimpan" ketika menyimpan SPM LS, sudah dicoba di dua komputer.', category: 'APP-GENERAL', kind: 'incident', impact: 2, urgency: 1, flow: 'new', hoursAgo: 6 },
  { pd: 'BPKAD', title: 'Tambahan titik jaringan di ruang arsip', description: 'Ruang arsip baru butuh dua titik LAN untuk komputer pengarsipan.', category: 'NETWORK', kind: 'request', impact: 3, urgency: 3, flow: 'pending' },
  { pd: 'BPKAD', title: 'Email dinas tidak bisa menerima lampiran besar', description: 'Lampiran di atas 10 MB dari BPK tidak masuk ke kotak surat kami.', category: 'EMAIL', kind: 'problem', impact: 3, urgency: 2, flow: 'in_progress' },
  { pd: 'DISDUKCAPIL', title: 'Mesin antrean tidak mencetak nomor', description: 'Mesin antrean di ruang pelayanan tidak mencetak tiket, warga menumpuk di depan loket.', category: 'HARDWARE', kind: 'incident', impact: 1, urgency: 2, flow: 'assigned', hoursAgo: 5 },
  { pd: 'DISDUKCAPIL', title: 'Koneksi VPN ke SIAK terputus-putus', description: 'VPN ke server SIAK putus setiap 10 menit sehingga perekaman KTP-el terhambat.', category: 'NETWORK', kind: 'incident', impact: 1, urgency: 1, flow: 'new', hoursAgo: 1 },
  { pd: 'BAPPEDA', title: 'Akses e-Musrenbang untuk kecamatan baru', description: 'Mohon dibuatkan akun operator e-Musrenbang untuk 3 kecamatan.', category: 'ACCOUNT', kind: 'request', impact: 3, urgency: 3, flow: 'resolved' },
  { pd: 'BAPPEDA', title: 'Proyektor ruang rapat tidak menampilkan gambar', description: 'Proyektor menyala tetapi tidak ada gambar dari laptop melalui HDMI.', category: 'HARDWARE', kind: 'complaint', impact: 3, urgency: 2, flow: 'closed' },
  { pd: 'DPUPR', title: 'Aplikasi SIMBG tidak bisa diakses dari luar kantor', description: 'Pemohon PBG melaporkan SIMBG tidak bisa dibuka dari jaringan seluler.', category: 'APP-AGENCY', kind: 'incident', impact: 2, urgency: 2, flow: 'new', hoursAgo: 20 },
  { pd: 'DPUPR', title: 'Upgrade RAM komputer drafter', description: 'Komputer untuk AutoCAD butuh tambahan RAM menjadi 16 GB.', category: 'HARDWARE', kind: 'change', impact: 3, urgency: 3, flow: 'in_progress' },
  { pd: 'SETDA', title: 'Email pimpinan diduga dibobol', description: 'Ada email keluar dari akun Sekda yang tidak pernah dikirim, isinya tautan mencurigakan.', category: 'SECURITY', kind: 'incident', impact: 1, urgency: 1, flow: 'in_progress', hoursAgo: 1 },
  { pd: 'SETDA', title: 'Jaringan ruang protokol lambat', description: 'Unggah foto kegiatan ke media sosial sangat lambat sejak minggu lalu.', category: 'NETWORK', kind: 'complaint', impact: 3, urgency: 2, flow: 'assigned' },
  { pd: 'SETDA', title: 'Permintaan zoom room untuk rapat koordinasi', description: 'Mohon disiapkan akun rapat daring untuk rapat koordinasi camat hari Kamis.', category: 'APP-GENERAL', kind: 'request', impact: 3, urgency: 2, flow: 'resolved' },
  { pd: 'BKPSDM', title: 'SIASN tidak bisa login dengan SSO', description: 'Pengelola kepegawaian tidak bisa login SIASN, muncul galat SSO 401.', category: 'ACCOUNT', kind: 'incident', impact: 2, urgency: 1, flow: 'new', hoursAgo: 8 },
  { pd: 'BKPSDM', title: 'Migrasi data absensi ke server baru', description: 'Data mesin absensi perlu dipindahkan ke server di pusat data pemda.', category: 'SERVER', kind: 'change', impact: 2, urgency: 3, flow: 'pending' },
  { pd: 'INSPEKTORAT', title: 'Laptop auditor terkena virus', description: 'Muncul banyak iklan dan file berubah ekstensi di laptop auditor.', category: 'SECURITY', kind: 'incident', impact: 2, urgency: 1, flow: 'assigned', hoursAgo: 4 },
  { pd: 'INSPEKTORAT', title: 'Instal ulang Windows komputer sekretariat', description: 'Komputer sangat lambat, minta instal ulang dengan lisensi resmi.', category: 'HARDWARE', kind: 'request', impact: 3, urgency: 3, flow: 'new' },
  { pd: 'RSUD', title: 'SIMRS tidak bisa mencetak resep', description: 'Modul farmasi SIMRS gagal mencetak resep sejak pembaruan kemarin.', category: 'APP-AGENCY', kind: 'incident', impact: 1, urgency: 1, flow: 'in_progress', hoursAgo: 2 },
  { pd: 'RSUD', title: 'Tambah bandwidth untuk telemedisin', description: 'Layanan telemedisin membutuhkan tambahan bandwidth minimal 50 Mbps.', category: 'NETWORK', kind: 'change', impact: 2, urgency: 3, flow: 'new' },
  { pd: 'RSUD', title: 'Akun email bidan puskesmas mitra', description: 'Mohon aktivasi akun email untuk 5 bidan puskesmas mitra rujukan.', category: 'EMAIL', kind: 'request', impact: 3, urgency: 3, flow: 'closed' },
  { pd: 'DINKES', title: 'Website Dinkes menampilkan iklan judi', description: 'Beberapa halaman berita di situs dinkes berisi tautan judi daring tersembunyi.', category: 'SECURITY', kind: 'incident', impact: 1, urgency: 1, flow: 'assigned', hoursAgo: 26 },
];
