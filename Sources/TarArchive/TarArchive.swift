/// Reading and writing tar streams (ustar + PAX), shared by image layers, archives and build contexts.
public enum TarArchive {}
