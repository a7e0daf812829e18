"""The KPU kabupaten/kota office: its kop surat (logo, address, phone, e-mail), its Ketua and its paper size."""
