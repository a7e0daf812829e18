"""The Bantuan guides: for each role, the steps in order, how to read each screen, and whom to ask when stuck."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from bimtek.roles import Role


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    intro: str
    steps: tuple[tuple[str, str], ...]
    screens: tuple[tuple[str, str, str | None], ...]  # name, how to read it, the endpoint that opens it
    ask: str  # whom to ask when the app names nobody


_PASSWORD = (_l("Masuk dan ganti kata sandi"),
             _l("Masuk dengan nama pengguna dan kata sandi sekali pakai yang Anda terima. Saat pertama masuk Anda "
                "diminta membuat kata sandi sendiri; simpan baik-baik dan jangan dibagikan."))
_ACCOUNT = (_l("Akun"), _l("Data diri Anda, penugasan Anda dan tempat mengganti kata sandi. Jika nama, NIK atau nomor HP "
                          "salah, minta operator KPU membetulkannya."), "officers.me")
_HOME = (_l("Beranda"), _l("Daftar \"Yang perlu Anda lakukan\": kartu paling atas adalah yang paling mendesak. Di atasnya "
                          "tertulis pemilihan yang aktif, peran Anda, masa bimtek, dan berapa hari lagi coklit dimulai."), "home.index")

GUIDES = {
    "pantarlih": Guide(
        "pantarlih", _l("Pantarlih"),
        _l("Anda dibentuk dengan Keputusan PPS dan melapor kepada PPS. Di Bimtek Anda belajar coklit sebelum turun ke "
           "rumah-rumah pemilih."),
        (
            _PASSWORD,
            (_l("Pelajari kursus"), _l("Buka menu Kursus dan ikuti pelajaran sesuai urutan. Beranda selalu menunjukkan "
                                       "pelajaran berikutnya, jadi Anda bisa berhenti dan melanjutkan kapan saja.")),
            (_l("Berlatih kasus coklit"), _l("Di menu Latihan kasus Anda memutuskan kasus seperti di lapangan: data "
                                             "sesuai, data diubah (kode U), pemilih dicoret atau ditandai.")),
            (_l("Kerjakan kuis"), _l("Setelah semua pelajaran selesai, kerjakan kuisnya. Jawaban tersimpan setiap soal; "
                                     "jika terputus, lanjutkan dari Beranda.")),
            (_l("Hadiri bimtek PPS"), _l("Jadwal bimtek Anda muncul di Beranda dan di menu Bimtek. Jika pelatih "
                                         "menampilkan kode 6 huruf/angka, isikan kode itu lewat menu Bimtek agar Anda "
                                         "tercatat hadir. Tanda tangan di daftar hadir kertas tetap diperlukan: "
                                         "itulah bukti kehadiran Anda.")),
            (_l("Bawa kartu saku"), _l("Unduh kartu saku coklit dari Beranda: kode, bukti TMS, kasus sulit dan nomor HP "
                                       "PPS Anda dalam satu halaman.")),
            (_l("Unduh sertifikat"), _l("Setelah syaratnya terpenuhi, sertifikat Anda terbit dan bisa diunduh dari menu "
                                        "Sertifikat. Sertifikat bukan syarat pengangkatan atau honor.")),
        ),
        (
            _HOME,
            (_l("Kursus"), _l("Setiap kursus menunjukkan berapa pelajaran sudah selesai. Pelajaran bertanda selesai "
                              "tidak perlu diulang."), "courses.index"),
            (_l("Latihan kasus"), _l("Setiap kasus menunjukkan apakah Anda sudah lulus. Penjelasan muncul setelah Anda "
                                     "menjawab; ulangi kasus yang belum lulus."), "cases.index"),
            (_l("Hasil kuis (dari halaman kursus)"), _l("Nilai Anda, batas lulus, sisa kesempatan, dan kapan Anda boleh mengulang."), None),
            (_l("Bimtek"), _l("Waktu (WIB, WITA atau WIT sesuai wilayah), tempat, dan materi bimtek yang mengundang Anda."), "training.index"),
            (_l("Sertifikat"), _l("Sertifikat yang sudah terbit beserta kode verifikasinya."), "certificates.index"),
            _ACCOUNT,
        ),
        _l("Ketua PPS desa/kelurahan Anda."),
    ),
    "pps": Guide(
        "pps", _l("PPS"),
        _l("PPS membentuk dan melatih Pantarlih di desa/kelurahannya. Sekretariat PPS membantu mencatat, tetapi tidak "
           "melatih atau menandatangani."),
        (
            _PASSWORD,
            (_l("Belajar dan hadiri bimtek PPK"), _l("Ikuti kursus untuk PPS di menu Kursus dan hadiri bimtek yang "
                                                      "diadakan PPK (jadwalnya ada di Beranda).")),
            (_l("Periksa daftar Pantarlih"), _l("Menu Petugas menampilkan Pantarlih desa Anda. Yang lupa kata sandi "
                                                "dapat Anda buatkan kata sandi sekali pakai yang baru.")),
            (_l("Jadwalkan bimtek Pantarlih"), _l("Di menu Bimtek pilih Jadwalkan bimtek. Peserta terisi otomatis dari "
                                                  "desa Anda dan bisa diubah. Cetak daftar hadir kosong berkop sebelum "
                                                  "hari-H.")),
            (_l("Catat kehadiran dan berkas"), _l("Setelah bimtek, catat siapa yang hadir, izin atau sakit, lalu unggah "
                                                  "pindaian daftar hadir bertanda tangan (bukti SPJ) dan foto "
                                                  "dokumentasi.")),
            (_l("Bagikan kartu saku"), _l("Cetak kartu saku semua Pantarlih desa Anda dari Beranda dan bagikan saat "
                                          "bimtek.")),
            (_l("Dampingi yang tertinggal"), _l("Laporan \"Siapa yang belum selesai\" menunjukkan Pantarlih yang belum "
                                                "belajar, lulus kuis, hadir bimtek atau bersertifikat.")),
        ),
        (
            _HOME,
            (_l("Petugas"), _l("Daftar penugasan di wilayah Anda; saring dengan nama atau peran. Tanda \"Rangkap peran\" "
                               "berarti orang itu memegang lebih dari satu peran."), "officers.index"),
            (_l("Bimtek"), _l("Bimtek yang Anda adakan dan yang mengundang Anda. Halaman sebuah bimtek berisi peserta, "
                              "kehadiran, berkas, notulen dan dokumen cetak."), "training.index"),
            (_l("Kaskade"), _l("Siapa sudah dilatih oleh siapa di wilayah Anda; catatan menandai yang belum utuh."), "training.cascade"),
            (_l("Hasil kuis dan Hasil latihan kasus"), _l("Siapa yang sudah lulus, dan soal atau keputusan mana yang "
                                                          "paling sering salah: tekankan itu pada bimtek berikutnya."), "quizzes.report"),
            (_l("Laporan"), _l("Cakupan per wilayah: berapa petugas sudah belajar, lulus kuis, hadir bimtek dan "
                               "bersertifikat."), "reports.index"),
            _ACCOUNT,
        ),
        _l("Ketua PPK kecamatan Anda."),
    ),
    "ppk": Guide(
        "ppk", _l("PPK"),
        _l("PPK melatih seluruh PPS dan sekretariat PPS di kecamatannya, biasanya di kantor kecamatan beberapa hari "
           "sebelum coklit. Anggota divisi data atau teknis biasanya menjadi pelatih; Ketua menandatangani."),
        (
            _PASSWORD,
            (_l("Belajar dan hadiri bimtek KPU"), _l("Ikuti kursus di menu Kursus dan hadiri bimtek yang diadakan KPU "
                                                      "Kabupaten/Kota.")),
            (_l("Periksa daftar PPS"), _l("Menu Petugas menampilkan PPS dan sekretariat PPS di kecamatan Anda; buatkan "
                                          "kata sandi baru bagi yang lupa.")),
            (_l("Jadwalkan bimtek PPS"), _l("Di menu Bimtek pilih Jadwalkan bimtek, pilih pelatih, cetak undangan dan "
                                            "daftar hadir kosong. Bimtek gabungan PPS dan Pantarlih boleh.")),
            (_l("Catat dan lengkapi berkas"), _l("Catat kehadiran, unggah pindaian daftar hadir bertanda tangan dan foto, "
                                                 "isi notulen, lalu cetak laporan kegiatan.")),
            (_l("Pantau kaskade"), _l("Menu Kaskade menunjukkan desa yang Pantarlih-nya belum dilatih. Hubungi PPS "
                                      "desa itu.")),
        ),
        (
            _HOME,
            (_l("Petugas"), _l("Penugasan di kecamatan Anda, bisa disaring dengan nama atau peran."), "officers.index"),
            (_l("Bimtek"), _l("Bimtek di wilayah Anda; buka satu bimtek untuk peserta, kehadiran, berkas dan dokumen."), "training.index"),
            (_l("Kaskade"), _l("Per desa: PPS dan Pantarlih yang sudah dan belum dilatih, beserta catatan yang perlu "
                               "ditindaklanjuti."), "training.cascade"),
            (_l("Hasil kuis, Hasil latihan kasus, Laporan"), _l("Kemajuan petugas di kecamatan Anda, per desa dan per "
                                                                "orang."), "reports.index"),
            _ACCOUNT,
        ),
        _l("Operator KPU Kabupaten/Kota Anda."),
    ),
    "operator-kpu": Guide(
        "operator-kpu", _l("Operator KPU Kabupaten/Kota"),
        _l("Operator menyiapkan data dan berkas untuk kabupaten/kota. Operator mengetik dan mencatat, tetapi tidak "
           "melatih dan tidak menandatangani: sertifikat ditandatangani Ketua KPU Kabupaten/Kota."),
        (
            _PASSWORD,
            (_l("Sesuaikan jadwal tahapan"), _l("Dari Beranda atur tanggal bimtek dan coklit untuk kabupaten/kota "
                                                "Anda.")),
            (_l("Impor daftar petugas"), _l("Di menu Petugas pilih Impor. Unggah CSV atau XLSX berisi PPK, PPS, "
                                            "sekretariat PPS dan Pantarlih dengan kode wilayah Kemendagri. Kata sandi "
                                            "sekali pakai hanya ditampilkan sekali: cetak atau kirimkan saat itu "
                                            "juga.")),
            (_l("Atur kop surat dan sertifikat"), _l("Isi kop surat (nama kantor, alamat, telepon) dan pengaturan "
                                                     "sertifikat (format nomor, nama dan jabatan penanda tangan).")),
            (_l("Jadwalkan bimtek PPK"), _l("Di menu Bimtek jadwalkan bimtek untuk PPK. Narasumber tamu yang tidak "
                                            "punya akun (mis. anggota KPU, Bawaslu, Dukcapil) dicatat dengan nama dan "
                                            "instansinya.")),
            (_l("Pantau dan tindak lanjuti"), _l("Kaskade dan Laporan menunjukkan kecamatan dan desa yang tertinggal; "
                                                 "Audit mencatat siapa mengubah apa.")),
        ),
        (
            _HOME,
            (_l("Petugas"), _l("Semua penugasan di kabupaten/kota Anda. Buka seseorang untuk membetulkan data atau "
                               "membuat kata sandi baru."), "officers.index"),
            (_l("Kaskade"), _l("Pelatihan berjenjang KPU → PPK → PPS → Pantarlih per kecamatan dan desa, dengan "
                               "catatan di mana rantainya belum utuh."), "training.cascade"),
            (_l("Laporan"), _l("Cakupan per wilayah; angka dapat diurutkan dan dibuka sampai ke desa."), "reports.index"),
            (_l("Sertifikat"), _l("Sertifikat petugas di wilayah Anda; cabut atau terbitkan ulang bila perlu, dengan "
                                  "alasan."), "certificates.index"),
            (_l("Audit"), _l("Setiap catatan berbunyi satu kalimat: siapa melakukan apa terhadap siapa. Saring menurut "
                             "pelaku, peran, tindakan, tanggal atau wilayah; 50 catatan per halaman."), "audit.index"),
            _ACCOUNT,
        ),
        _l("Admin sistem Bimtek atau KPU Provinsi."),
    ),
    "admin": Guide(
        "admin", _l("Admin sistem"),
        _l("Admin menyiapkan pemilihan dan melihat seluruh wilayah. Data wilayah dan isi kursus dimuat oleh tim teknis."),
        (
            (_l("Buat pemilihan"), _l("Di menu Pemilihan pilih Buat pemilihan: isi nama, jenis, hari pemungutan suara "
                                      "dan tanggal tahapan. Alamat singkatnya dibuat otomatis dari nama.")),
            (_l("Tandai pemilihan aktif"), _l("Hanya satu pemilihan yang aktif; semua halaman petugas mengikuti "
                                              "pemilihan itu.")),
            (_l("Siapkan operator"), _l("Impor daftar petugas (peran operator_kpu dengan kode kabupaten/kota) untuk "
                                        "wilayah yang belum punya operator, lalu serahkan kata sandi sekali pakai "
                                        "kepada operatornya.")),
            (_l("Periksa bank soal"), _l("Menu Bank soal berisi soal kuis per kursus.")),
            (_l("Pantau"), _l("Kaskade: ketik nama atau kode kabupaten, mis. Bengkulu Utara atau 17.03. Laporan dan "
                              "Audit mencakup semua wilayah.")),
        ),
        (
            (_l("Pemilihan"), _l("Daftar pemilihan; yang aktif ditandai. Ubah nama atau tanggal dari sini."), "elections.index"),
            (_l("Kaskade"), _l("Pilih kabupaten/kota dengan nama atau kode, lalu telusuri sampai desa."), "training.cascade"),
            (_l("Laporan"), _l("Cakupan bimtek seluruh wilayah, per provinsi sampai desa."), "reports.index"),
            (_l("Audit"), _l("Jejak perubahan seluruh wilayah dalam kalimat, dengan saringan."), "audit.index"),
            _ACCOUNT,
        ),
        _l("Tim teknis yang memasang Bimtek."),
    ),
}
GUIDE_FOR_ROLE = {
    Role.ADMIN: "admin", Role.OPERATOR_KPU: "operator-kpu", Role.PPK: "ppk", Role.PPS: "pps",
    Role.SEKRETARIAT_PPS: "pps", Role.PANTARLIH: "pantarlih",
}
ORDER = ("pantarlih", "pps", "ppk", "operator-kpu", "admin")
