using System;
using System.Threading;

namespace Microsoft.ML.Gan.Generation
{
    /// <summary>
    /// Guards a transformer's native modules against use after disposal. Every call that runs them holds a
    /// <see cref="Lease"/>; <see cref="End"/> refuses new leases and waits for the held ones to be returned, so
    /// disposal never frees a module under a running forward pass, and a cursor that reads on afterwards gets
    /// <see cref="ObjectDisposedException"/> instead of a call into freed memory.
    /// </summary>
    internal sealed class ModelLifetime
    {
        private readonly object _gate = new();
        private readonly string _owner;
        private int _leases;
        private bool _ended;

        /// <param name="owner">The disposed object's name, for <see cref="ObjectDisposedException"/>.</param>
        public ModelLifetime(string owner) => _owner = owner;

        /// <summary>A lease for one use of the modules; throws <see cref="ObjectDisposedException"/> once ended.</summary>
        public Lease Enter()
        {
            lock (_gate)
            {
                ThrowIfEnded();
                _leases++;
            }
            return new Lease(this);
        }

        public void ThrowIfEnded()
        {
            lock (_gate)
            {
                if (_ended)
                    throw new ObjectDisposedException(_owner, $"This {_owner} was disposed; its generator can no longer run.");
            }
        }

        /// <summary>Refuses new leases and waits until held ones are returned; true the first time only (the caller then frees the modules).</summary>
        public bool End()
        {
            lock (_gate)
            {
                if (_ended)
                    return false;
                _ended = true;
                while (_leases > 0)
                    Monitor.Wait(_gate);
                return true;
            }
        }

        private void Exit()
        {
            lock (_gate)
            {
                if (--_leases == 0)
                    Monitor.PulseAll(_gate);
            }
        }

        /// <summary>One use of the modules; disposing it returns the lease.</summary>
        public readonly struct Lease : IDisposable
        {
            private readonly ModelLifetime _lifetime;

            internal Lease(ModelLifetime lifetime) => _lifetime = lifetime;

            public void Dispose() => _lifetime?.Exit();
        }
    }
}
