// Generated published Indonesian articles for the knowledge-base benchmark. The text is meant to
// look like a real desk's articles to the search: titles built from several patterns over many
// devices, applications, problems and places (so trigram similarity separates them), bodies drawn
// from a few hundred Indonesian IT and office words with a skewed (Zipf-like) frequency, as in real
// text: a handful of words appear in most articles, most words in few. "printer" is in the title or
// body of roughly one article in ten, so a common word is measured too.
//
// The stems are computed here the way @desk/text-search computes them for plain lower-case words
// (the stem, and the word itself when it differs): the same Sastrawi dictionary with the desk's
// extra roots.
import { createRequire } from 'node:module';
import { fmt } from './lib.mjs';

const require = createRequire(import.meta.url);
const { Stemmer } = require('sastrawijs');

const stemmer = new Stemmer();
for (const root of ['reset', 'login', 'instal', 'update', 'restart', 'backup', 'printer', 'email', 'server'])
  stemmer.internalDictionary[root] = '';
const stems = new Map();
const stemOf = (w) => {
  if (!stems.has(w)) stems.set(w, w.length > 3 ? stemmer.stem(w) || w : w);
  return stems.get(w);
};
const searchText = (text) =>
  text
    .split(' ')
    .flatMap((w) => (stemOf(w) === w ? [w] : [stemOf(w), w]))
    .join(' ');

const words = (text) => text.trim().split(/\s+/);

/** Devices and applications an article is about; printer is weighted to about one in ten. */
const SUBJECTS = words(`
  komputer laptop wifi jaringan email vpn srikandi sipd website server scanner proyektor aplikasi
  akun router monitor keyboard telepon kamera mouse switch modem ups baterai harddisk flashdisk
  cctv fingerprint absensi sirup simpeg siskeudes ekinerja lpse jdih sso domain subdomain hosting
  database antivirus windows linux office excel word powerpoint outlook zoom meet chrome firefox
  kalender drive sharepoint teams whatsapp telegram spanduk tablet ponsel headset speaker mikrofon
  videotron kiosk antrean nomor tte bsre sertifikat tanda tangan elektronik
`).filter((w) => w !== 'tanda' && w !== 'tangan' && w !== 'elektronik');
const PROBLEMS = [
  'tidak bisa mencetak',
  'tidak dapat terhubung',
  'sering terputus',
  'lambat saat dibuka',
  'gagal login',
  'meminta kata sandi terus',
  'tidak menyala',
  'menampilkan pesan kesalahan',
  'tidak bisa diperbarui',
  'perlu dikonfigurasi ulang',
  'tidak terdeteksi',
  'berhenti merespons',
  'tidak bisa menyimpan data',
  'harus diinstal ulang',
  'tidak bisa mengirim pesan',
  'kertas macet',
  'tinta habis',
  'layar bergaris',
  'mati mendadak',
  'terkena virus',
  'sertifikat kedaluwarsa',
  'kuota penuh',
  'lisensi habis',
  'sinkronisasi gagal',
  'tampilan berantakan',
  'suara tidak keluar',
  'jam tidak sesuai',
  'lupa kata sandi',
  'akses ditolak',
  'berkas hilang',
];
const PLACES = words(`
  sekretariat aula loket bappeda bkpsdm dinkes disdukcapil diskominfo dispenduk inspektorat kecamatan
  kelurahan puskesmas rsud satpolpp bpbd dprd setda bagian-umum bagian-hukum keuangan perpustakaan
  arsip kantor-camat ruang-rapat ruang-server lantai-dua gedung-baru
`).map((w) => w.replace(/-/g, ' '));
const ACTIONS = words(`
  mengatur memasang menghapus memulihkan mencadangkan membagikan memindahkan mengganti mengaktifkan
  menonaktifkan mendaftarkan memperbarui mengonfigurasi menyambungkan mereset membersihkan
`);
/** Body words, most common first: the frequency falls off with the rank. */
export const VOCABULARY = words(`
  dan yang di untuk dengan pada ke dari tidak bisa lalu jika klik pilih buka periksa pastikan
  kemudian sudah belum masih harus dapat akan menu tombol layar pengaturan pengguna data berkas
  jaringan kabel daya nyalakan matikan sambungkan lepaskan simpan hapus ulangi tunggu laporkan
  hubungi teknisi layanan kantor pegawai dokumen folder sandi perangkat lunak keras aplikasi sistem
  akun alamat ip dhcp browser cookie sertifikat lisensi cadangan pemulihan konfigurasi mengonfigurasi
  diperbaiki perbaikan memperbarui pembaruan menyambungkan sambungan pencetakan dicetak menginstal
  pemasangan dipasang driver antrean spooler sebelum sesudah setiap hari minggu menit jam detik
  masuk keluar unduh unggah pasang copot restart reset login logout instal update backup server
  email kotak surat lampiran ukuran maksimal megabita gigabita penyimpanan kapasitas kuota penuh
  kosong lambat cepat stabil putus ulang otomatis manual administrator operator admin helpdesk tiket
  nomor antrian prioritas darurat normal rendah tinggi kritis insiden masalah gangguan permintaan
  perubahan persetujuan atasan kepala bidang seksi subbagian dinas badan kecamatan desa kelurahan
  internet kecepatan bandwidth ping traceroute dns gateway subnet vlan port firewall proxy nat
  router switch akses titik sinyal kata pengaman enkripsi wpa ssid frekuensi kanal pita saluran
  tinta toner kertas baki rol pemanas kartrid pita sensor lampu indikator berkedip merah hijau kuning
  kabel usb hdmi vga lan rj45 adaptor charger baterai daya listrik stop kontak ups genset
  monitor resolusi tampilan warna kecerahan kontras proyektor layar sentuh keyboard mouse tetikus
  windows linux android ios versi rilis tambalan keamanan kerentanan virus malware ransomware
  phishing spam karantina pindai antivirus pembaruan definisi basis data tabel kolom baris laporan
  ekspor impor format pdf excel csv cetak pratinjau margin halaman orientasi lanskap potret skala
  tanda tangan elektronik bsre tte dokumen dinas surat keputusan nota memo disposisi arsip digital
  srikandi sipd simpeg ekinerja sirup lpse jdih sso portal website subdomain domain hosting dns
  kalender rapat undangan jadwal ruang zoom meet mikrofon kamera speaker suara gema bising
  panduan langkah cara contoh catatan peringatan penting tips solusi sementara penyebab gejala
  akar dampak pengguna terdampak semua sebagian unit kerja organisasi perangkat daerah pemerintah
  kabupaten regulasi peraturan bupati standar prosedur operasional formulir isian lengkapi kirim
  verifikasi validasi otp kode token sesi kedaluwarsa sinkronisasi awan lokal jarak jauh remote
`);

/** A seeded pseudo-random source in [0, 1): the same articles on every run. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Zipf-like body words: the word of rank r is drawn with a probability falling off like 1/r. */
export const zipfWords = (rand) => () =>
  VOCABULARY[Math.floor(Math.exp(rand() * Math.log(VOCABULARY.length + 1))) - 1];

/** What the benches search for: common and rare words, stemmed forms, a typo, a word no body has. */
export const KB_SEARCHES = [
  'printer tidak bisa mencetak',
  'konfigurasi wifi',
  'mengonfigurasi router',
  'perbaikan jaringan',
  'pinter',
  'reset kata sandi srikandi',
  'vpn sering terputus',
  'email tidak bisa mengirim',
  'printer',
  'videotron',
];

export async function seedArticles(db, total) {
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM kb_article`)).rows;
  if (n >= total) return;
  const author = (await db.query(`SELECT id FROM app_user WHERE email = 'supervisor@demo.go.id'`)).rows[0].id;
  const rand = rng(42);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const zipf = zipfWords(rand);
  const subject = () => (rand() < 0.09 ? 'printer' : pick(SUBJECTS));
  const TITLES = [
    (s) => `${s} ${pick(PROBLEMS)} di ${pick(PLACES)}`,
    (s) => `cara ${pick(ACTIONS)} ${s} ${pick(PLACES)}`,
    (s) => `${s} ${pick(PROBLEMS)} setelah ${pick(ACTIONS)} ${pick(SUBJECTS)}`,
    (s) => `panduan ${pick(ACTIONS)} ${s} untuk ${pick(PLACES)}`,
    (s) => `${pick(SUBJECTS)} dan ${s} ${pick(PROBLEMS)}`,
    (s) => `permintaan ${s} baru untuk ${pick(PLACES)}`,
  ];
  const t0 = performance.now();
  const BATCH = 2000;
  for (let done = 0; done < total; done += BATCH) {
    const cols = {
      title: [],
      body: [],
      kind: [],
      vis: [],
      tags: [],
      tstem: [],
      bstem: [],
      xstem: [],
      tsearch: [],
    };
    for (let i = done; i < Math.min(total, done + BATCH); i++) {
      const s = subject();
      const title = pick(TITLES)(s);
      const body = [
        s,
        ...Array.from({ length: 60 + Math.floor(rand() * 80) }, () => (rand() < 0.04 ? s : zipf())),
      ].join(' ');
      const r = rand();
      cols.title.push(title);
      cols.body.push(body);
      cols.kind.push(pick(['howto', 'faq', 'known_error']));
      cols.vis.push(r < 0.7 ? 'public' : r < 0.9 ? 'agents' : r < 0.95 ? 'tier2' : 'csirt');
      cols.tags.push(`{${s}}`);
      cols.tstem.push(searchText(title));
      cols.bstem.push(searchText(body));
      cols.xstem.push(s);
      cols.tsearch.push(title);
    }
    await db.query(
      `INSERT INTO kb_article (title, body, body_html, body_text, kind, visibility, status, tags, author_id,
                               reviewer_id, title_search, search_vector, published_at)
       SELECT t, b, '<p>' || b || '</p>', b, k, v, 'published', tg::text[], $10, $10, ts,
              setweight(to_tsvector('simple', st), 'A') || setweight(to_tsvector('simple', sb), 'B')
                || setweight(to_tsvector('simple', sx), 'C'), now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[]) AS x(t, b, k, v, tg, st, sb, sx, ts)`,
      [
        cols.title,
        cols.body,
        cols.kind,
        cols.vis,
        cols.tags,
        cols.tstem,
        cols.bstem,
        cols.xstem,
        cols.tsearch,
        author,
      ],
    );
  }
  await db.query('VACUUM ANALYZE kb_article');
  console.log(`seeded ${total.toLocaleString('en')} articles in ${fmt((performance.now() - t0) / 1000)} s`);
}
