package fr.geoeduc.core.access;

import fr.geoeduc.core.store.PrivateFiles;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals the conventions' pseudonymisation keys for the database under a master key kept outside it (AES-256-GCM, a
 * random 96-bit nonce per seal, the convention id as associated data so that a sealed key cannot be moved to another
 * convention). The master key is {@code GEOEDUC_MASTER_KEY} (base64 of 32 bytes) when set, else the file
 * {@value #FILE} of the data directory (created 600 on first use). During a rotation of the master key,
 * {@code GEOEDUC_MASTER_KEY_PREVIOUS} still opens the keys sealed under the previous one, which
 * {@link AccessRegistry#sealKeys} then seals again under the new one.
 */
public final class KeyVault {

    public static final String FILE = "master.key";
    public static final String ENV = "GEOEDUC_MASTER_KEY";
    public static final String ENV_PREVIOUS = "GEOEDUC_MASTER_KEY_PREVIOUS";
    static final String PREFIX = "aesgcm1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec current;
    private final SecretKeySpec previous;

    public KeyVault(byte[] current, byte[] previous) {
        this.current = spec(current);
        this.previous = previous == null ? null : spec(previous);
    }

    /** From the environment, else from (or created in) {@code dataDir}; empty when neither is available. */
    public static Optional<KeyVault> resolve(Optional<Path> dataDir) {
        byte[] previous = decode(System.getenv(ENV_PREVIOUS), ENV_PREVIOUS);
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new KeyVault(decode(fromEnv, ENV), previous));
        }
        return dataDir.map(dir -> new KeyVault(loadOrCreate(dir.resolve(FILE)), previous));
    }

    public static boolean sealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public String seal(String conventionId, byte[] key) {
        try {
            byte[] nonce = Secrets.randomBytes(NONCE_BYTES);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(conventionId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(key);
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal the key of convention " + conventionId, e);
        }
    }

    /** The key: unsealed under the current (or previous) master key, or decoded when stored in clear by an earlier version. */
    public byte[] open(String conventionId, String stored) {
        if (!sealed(stored)) {
            return Base64.getDecoder().decode(stored);
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        try {
            return open(current, conventionId, all);
        } catch (AEADBadTagException notCurrent) {
            if (previous != null) {
                try {
                    return open(previous, conventionId, all);
                } catch (AEADBadTagException notPrevious) {
                    // fall through
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("the pseudonymisation key of convention " + conventionId + " does not open with the master key ("
                    + ENV + " or " + FILE + "): wrong master key, or a key moved from another convention. During a master key rotation, set "
                    + ENV_PREVIOUS + " to the previous master key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code stored} is sealed under the current master key (else it must be sealed again). */
    public boolean sealedUnderCurrent(String conventionId, String stored) {
        if (!sealed(stored)) {
            return false;
        }
        try {
            open(current, conventionId, Base64.getDecoder().decode(stored.substring(PREFIX.length())));
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] open(SecretKeySpec key, String conventionId, byte[] all) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
        cipher.updateAAD(conventionId.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
    }

    private static SecretKeySpec spec(byte[] key) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (base64: openssl rand -base64 32)");
        }
        return new SecretKeySpec(key, "AES");
    }

    private static byte[] decode(String base64, String name) {
        if (base64 == null || base64.isBlank()) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            if (key.length != 32) {
                throw new IllegalStateException(name + " must be the base64 of 32 bytes (openssl rand -base64 32), not " + key.length + " bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64 (openssl rand -base64 32)");
        }
    }

    private static byte[] loadOrCreate(Path file) {
        try {
            PrivateFiles.directory(file.getParent());
            if (!Files.exists(file)) {
                Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp", PrivateFiles.owner());
                try {
                    Files.writeString(tmp, Base64.getEncoder().encodeToString(Secrets.randomBytes(32)) + "\n");
                    Files.move(tmp, file); // not REPLACE_EXISTING: a key another process created first wins
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp); // read theirs
                }
            }
            PrivateFiles.restrict(file);
            return decode(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the master key " + file + ": " + e.getMessage(), e);
        }
    }
}
