package route;

import java.util.function.Consumer;

import http.Request;

/**
 * Routes by path, one tree level per segment. At each level a literal child is tried first, then the
 * parameter child, then the tail, and a branch that fails deeper, or ends without a route for the request's
 * method, is left for the next one (backtracking): so the most specific route for the method wins, left to
 * right, whatever the order of registration.
 */
final class SegmentTree {
    private final Node root = new Node();

    /** Adds {@code route}; IllegalArgumentException when a route of the same shape and method exists. */
    void add(Route route) {
        Pattern p = route.parsed();
        Node node = root;
        for (int i = 0; i < p.kinds.length; i++) {
            node = switch (p.kinds[i]) {
                case Pattern.LITERAL -> node.literalChild(p.literals[i]);
                case Pattern.PARAM -> node.param != null ? node.param : (node.param = new Node());
                default -> node.tail != null ? node.tail : (node.tail = new Node());
            };
        }
        node.add(route);
    }

    /** Visits every node that ends a route. */
    void forEachRouted(Consumer<Node> action) {
        visit(root, action);
    }

    private static void visit(Node node, Consumer<Node> action) {
        if (node.hasRoutes()) {
            action.accept(node);
        }
        for (Node child : node.literals) {
            visit(child, action);
        }
        if (node.param != null) {
            visit(node.param, action);
        }
        if (node.tail != null) {
            visit(node.tail, action);
        }
    }

    /**
     * The most specific node that the raw path {@code [from, end)} reaches and that has a route for the
     * request's method ({@code byMethod}) or any route at all (not {@code byMethod}: for 405 and OPTIONS), or
     * null; {@code from} is the start of the first segment (just after the leading {@code /}).
     */
    Node match(Request request, int from, int end, boolean byMethod) {
        return match(root, request, from, end, byMethod);
    }

    private static Node match(Node node, Request request, int from, int end, boolean byMethod) {
        int segmentEnd = PathBytes.segmentEnd(request, from, end);
        boolean last = segmentEnd == end;
        byte[][] keys = node.literalKeys;
        for (int i = 0; i < keys.length; i++) {
            if (PathBytes.segmentIs(request, from, segmentEnd, keys[i])) {
                Node found = next(node.literals[i], request, segmentEnd, end, last, byMethod);
                if (found != null) {
                    return found;
                }
                break; // literals are distinct: no other one matches this segment
            }
        }
        if (node.param != null && segmentEnd > from) {
            Node found = next(node.param, request, segmentEnd, end, last, byMethod);
            if (found != null) {
                return found;
            }
        }
        // the rest of the path, whatever it holds; null when there is no tail here
        return node.tail != null && answers(node.tail, request, byMethod) ? node.tail : null;
    }

    private static Node next(Node child, Request request, int segmentEnd, int end, boolean last,
                             boolean byMethod) {
        if (last) {
            return answers(child, request, byMethod) ? child : null;
        }
        return match(child, request, segmentEnd + 1, end, byMethod);
    }

    private static boolean answers(Node node, Request request, boolean byMethod) {
        return node.hasRoutes() && (!byMethod || node.routeFor(request) != null);
    }
}
