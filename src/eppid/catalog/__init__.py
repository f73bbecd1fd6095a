"""The public information list (Daftar Informasi Publik, DIP): entries, versions, documents, checklist."""
