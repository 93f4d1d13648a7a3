package io.serstreams.schemas.errors;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one line a command shows a user for a failure. It lives in the lowest module so that every
 * command line of the project describes failures the same way.
 *
 * <p>{@link Throwable#getMessage()} alone is not enough: many JDK exceptions carry no message (the
 * HTTP client's {@code ConnectException}, {@code ClosedChannelException}), file-system exceptions
 * carry only the file's name ({@code NoSuchFileException: x.properties}), and frameworks wrap the
 * failure that matters in exceptions of their own.
 */
public final class ErrorText {
    private ErrorText() {
    }

    /**
     * The failure in words: the message of the first exception in the cause chain that is not a
     * mere wrapper, followed by what its cause says when the message does not already include it;
     * a file-system failure as {@code FILE: problem}; where no exception in the chain says
     * anything, the names of their classes ({@code ConnectException (ClosedChannelException)}).
     */
    public static String of(Throwable failure) {
        String text = text(failure);
        if (text != null) {
            return text;
        }
        List<String> names = new ArrayList<>();
        for (Throwable t = failure; t != null && names.size() < 8; t = next(t)) {
            if (!isWrapper(t) && !names.contains(t.getClass().getSimpleName())) {
                names.add(t.getClass().getSimpleName());
            }
        }
        if (names.isEmpty()) {
            names.add(failure.getClass().getSimpleName());
        }
        return names.get(0) + (names.size() > 1 ? " (" + String.join(", ", names.subList(1, names.size())) + ")" : "");
    }

    /**
     * Like {@link #of}, but a file-system failure without its file's name ({@code no such file},
     * {@code permission denied}), for messages that already name the file.
     */
    public static String problem(Throwable failure) {
        Throwable first = failure;
        while (isWrapper(first)) {
            first = first.getCause();
        }
        return first instanceof FileSystemException fs ? fileProblem(fs) : of(failure);
    }

    private static String fileProblem(FileSystemException failure) {
        if (failure.getReason() != null && !failure.getReason().isBlank()) {
            return failure.getReason();
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (failure instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (failure instanceof FileSystemLoopException) {
            return "symbolic link loop";
        }
        if (failure instanceof NotLinkException) {
            return "not a symbolic link";
        }
        return failure.getClass().getSimpleName();
    }

    /** The words of the chain from {@code failure} on, or null where no exception in it has any. */
    private static String text(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            String own = isWrapper(t) ? null : ownText(t);
            if (own != null) {
                String cause = next(t) == null ? null : text(next(t));
                return cause == null || own.contains(cause) ? own : own + ": " + cause;
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    private static String ownText(Throwable t) {
        if (t instanceof FileSystemException fs && fs.getFile() != null) {
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + fileProblem(fs);
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? null : message.strip();
    }

    /** An exception that only carries another: its own message, if any, is about the carrying. */
    private static boolean isWrapper(Throwable t) {
        Throwable cause = t.getCause();
        if (cause == null || cause == t) {
            return false;
        }
        return String.valueOf(t.getMessage()).equals(cause.toString())
                || t instanceof ExecutionException || t instanceof CompletionException
                || t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException
                // Micronaut's bean-creation exceptions and picocli's execution exception describe
                // the framework's plumbing (bean paths, the command that ran), not the user's problem.
                || t.getClass().getName().startsWith("io.micronaut.") || t.getClass().getName().startsWith("picocli.");
    }
}
